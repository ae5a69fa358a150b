// Package reqview gives the packages of this module the hot-path part of a
// context.Request (its reqcore.Core), which context does not export.
//
// Go has no friend packages, and an exported accessor on Request would be
// part of iamsim's API; a method call through an interface or a function
// variable would cost every condition lookup an indirect call. Instead,
// context.Request holds its Core as its first field, and Of converts a
// *context.Request to a pointer to that field: the conversion of a pointer
// to a struct to a pointer to its first field is valid (unsafe.Pointer
// rule 1: the Core is no larger than the Request and shares its layout)
// and costs nothing. init checks the layout, so that moving the field
// fails at start-up rather than reading the wrong memory.
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
