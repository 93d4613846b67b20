package storetest

import (
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Precision is the finest time resolution the suite asks a backend to
// keep: times are compared with Equal after both sides are truncated to
// it. PostgreSQL's timestamptz keeps microseconds; bbolt's JSON keeps
// nanoseconds.
const Precision = time.Microsecond

// maxDiffs caps the differences diff lists.
const maxDiffs = 20

var timeType = reflect.TypeFor[time.Time]()

// diff compares got with want field by field and returns one line per
// difference ("Flags[0].Rule: got "a", want "b""), or "" when they agree.
// Times compare with Equal at Precision (their locations do not matter),
// and a nil slice or map equals an empty one: the suite asks for the
// documented values, not for one encoding of them.
func diff(got, want any) string {
	var out []string
	diffValue(&out, "", reflect.ValueOf(got), reflect.ValueOf(want))
	if len(out) > maxDiffs {
		out = append(out[:maxDiffs], fmt.Sprintf("... and %d more differences", len(out)-maxDiffs))
	}
	return strings.Join(out, "\n")
}

// sameTime reports whether a and b are one instant at Precision.
func sameTime(a, b time.Time) bool {
	return a.Truncate(Precision).Equal(b.Truncate(Precision))
}

func diffValue(out *[]string, path string, got, want reflect.Value) {
	name := path
	if name == "" {
		name = "value"
	}
	report := func(g, w string) { *out = append(*out, fmt.Sprintf("%s: got %s, want %s", name, g, w)) }
	if !got.IsValid() || !want.IsValid() {
		if got.IsValid() != want.IsValid() {
			report(show(got), show(want))
		}
		return
	}
	if got.Type() != want.Type() {
		report(got.Type().String(), want.Type().String())
		return
	}
	if got.Type() == timeType {
		g, w := got.Interface().(time.Time), want.Interface().(time.Time)
		if !sameTime(g, w) {
			report(show(got), show(want))
		}
		return
	}
	switch got.Kind() {
	case reflect.Pointer, reflect.Interface:
		if got.IsNil() || want.IsNil() {
			if got.IsNil() != want.IsNil() {
				report(show(got), show(want))
			}
			return
		}
		diffValue(out, path, got.Elem(), want.Elem())
	case reflect.Slice, reflect.Array:
		if got.Len() != want.Len() {
			report(fmt.Sprintf("%d elements %s", got.Len(), show(got)), fmt.Sprintf("%d %s", want.Len(), show(want)))
			return
		}
		for i := range got.Len() {
			diffValue(out, fmt.Sprintf("%s[%d]", path, i), got.Index(i), want.Index(i))
		}
	case reflect.Map:
		for _, k := range want.MapKeys() {
			g := got.MapIndex(k)
			if !g.IsValid() {
				*out = append(*out, fmt.Sprintf("%s[%v]: missing, want %s", name, k, show(want.MapIndex(k))))
				continue
			}
			diffValue(out, fmt.Sprintf("%s[%v]", path, k), g, want.MapIndex(k))
		}
		for _, k := range got.MapKeys() {
			if !want.MapIndex(k).IsValid() {
				*out = append(*out, fmt.Sprintf("%s[%v]: got %s, want none", name, k, show(got.MapIndex(k))))
			}
		}
	case reflect.Struct:
		for i := range got.NumField() {
			f := got.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			p := f.Name
			if path != "" {
				p = path + "." + f.Name
			}
			diffValue(out, p, got.Field(i), want.Field(i))
		}
	default:
		if !reflect.DeepEqual(got.Interface(), want.Interface()) {
			report(show(got), show(want))
		}
	}
}

// show formats a value for a difference line.
func show(v reflect.Value) string {
	if !v.IsValid() {
		return "nothing"
	}
	if v.Type() == timeType {
		return v.Interface().(time.Time).Format(time.RFC3339Nano)
	}
	switch v.Kind() {
	case reflect.String:
		return fmt.Sprintf("%q", v.String())
	case reflect.Pointer:
		if v.IsNil() {
			return "nil"
		}
		return "&" + show(v.Elem())
	}
	s := fmt.Sprintf("%+v", v.Interface())
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}
