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
