package web

import "context"

// FormTokenField is the name of the hidden field in which every form of
// the pages posts the browser's form token, which the caller (package api)
// issues, hands to the pages with WithFormToken, and checks on the post.
const FormTokenField = "form_token"

type formTokenKey struct{}

// WithFormToken returns ctx carrying tok, the form token the pages put in
// the forms they render for the request.
func WithFormToken(ctx context.Context, tok string) context.Context {
	return context.WithValue(ctx, formTokenKey{}, tok)
}

// formToken is the form token of ctx, or "".
func formToken(ctx context.Context) string {
	tok, _ := ctx.Value(formTokenKey{}).(string)
	return tok
}
