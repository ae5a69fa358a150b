// Package grammar holds the lexical rules of the IAM policy language that
// more than one package applies: the typed values of condition operators
// (numbers, dates, booleans, IP addresses and ranges, base64) and the
// ${...} syntax of policy variables.
//
// Package policy checks condition values with it when it parses a document,
// package condition parses them with it when it compiles a condition, and
// package context parses typed context values with it, so the three agree
// on what a value means without policy depending on the matchers. It is
// internal: package context re-exports the value parsers.
package grammar
