package extract

import "errors"

// Sentinel errors returned (wrapped) by Extractor.Extract. Test them with errors.Is.
var (
	// ErrTooLarge means the page body is larger than Extractor.MaxBytes.
	ErrTooLarge = errors.New("extract: page too large")

	// ErrTooManyElements means the page has more elements than Extractor.MaxElements,
	// or more paragraphs than Extractor.MaxParagraphs.
	ErrTooManyElements = errors.New("extract: page has too many elements")

	// ErrNoContent means the page was parsed but no main text was found.
	ErrNoContent = errors.New("extract: no main text found")

	// ErrNotHTML means the body is not an HTML page (a PDF, an image, an archive, ...).
	ErrNotHTML = errors.New("extract: not an html page")

	// ErrPanic means an extraction library panicked on the page; the panic value is in the message.
	ErrPanic = errors.New("extract: extraction library panicked")
)
