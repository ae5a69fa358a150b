package reqview

import (
	"fmt"
	"reflect"
	"unsafe"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/internal/reqcore"
)

// Core is the hot-path part of a context.Request.
type Core = reqcore.Core[iamctx.Value, iamctx.Principal]

// Of returns the Core of r (nil for a nil r). The Core is r's own: the
// caller reads it and must not change it.
func Of(r *iamctx.Request) *Core {
	return (*Core)(unsafe.Pointer(r))
}

func init() {
	if err := checkLayout(); err != nil {
		panic(err)
	}
}

// checkLayout reports whether field 0 of context.Request is a Core, at
// offset 0, as Of requires.
func checkLayout() error {
	t := reflect.TypeFor[iamctx.Request]()
	if t.NumField() == 0 {
		return fmt.Errorf("reqview: %v has no fields; want a %v first", t, reflect.TypeFor[Core]())
	}
	if f := t.Field(0); f.Type != reflect.TypeFor[Core]() || f.Offset != 0 {
		return fmt.Errorf("reqview: field 0 of %v is %s %v; want a %v at offset 0", t, f.Name, f.Type, reflect.TypeFor[Core]())
	}
	return nil
}
