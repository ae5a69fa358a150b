package main

import (
	"fmt"
	"os"
)

// Generate the data of a node_modules folder holding one service and one
// policy, and list the files written.
func Example() {
	tmp, err := os.MkdirTemp("", "catalog-gen-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(tmp)
	modules, out := tmp+"/node_modules", tmp+"/data"
	if err := writeFixture(modules, "Write"); err != nil {
		panic(err)
	}
	if err := generate(modules, out); err != nil {
		panic(err)
	}
	entries, _ := os.ReadDir(out + "/services")
	for _, e := range entries {
		fmt.Println("services/" + e.Name())
	}
	entries, _ = os.ReadDir(out + "/policies")
	for _, e := range entries {
		fmt.Println("policies/" + e.Name())
	}
	// Output:
	// services/ex.deflate
	// services/index.deflate
	// policies/ExampleReadOnly.deflate
	// policies/index.deflate
}
