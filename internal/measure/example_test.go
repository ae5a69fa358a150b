package measure_test

import (
	"fmt"
	"strings"

	"github.com/iamsim/iamsim/internal/measure"
)

// Fill builds inputs of a given size, and Call measures what a call
// costs.
func Example() {
	doc := measure.Fill(`{"Statement":[`, `{"Effect":"Allow"}`, ",", "]}", 64)
	fmt.Println(doc, len(doc) <= 64)

	var s string
	_, alloc, _ := measure.Call(func() { s = strings.Repeat("x", 1<<20) })
	fmt.Println(len(s), alloc >= 1<<20)
	// Output:
	// {"Statement":[{"Effect":"Allow"},{"Effect":"Allow"}]} true
	// 1048576 true
}
