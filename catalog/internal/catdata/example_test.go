package catdata_test

import (
	"fmt"

	"github.com/iamsim/iamsim/catalog/internal/catdata"
)

// Write a file's fields, compress them, and read them back.
func Example() {
	w := catdata.NewWriter(catdata.MagicService)
	w.Strings([]string{"s3", "GetObject"})
	w.Uint(1)
	w.Bool(true)
	compressed := catdata.Compress(w.Bytes())

	text, err := catdata.Decompress(compressed)
	if err != nil {
		panic(err)
	}
	r := catdata.NewReader(text, catdata.MagicService)
	table := r.Strings()
	fmt.Println(r.Ref(table), r.Bool(), r.Err())
	// Output: GetObject true <nil>
}
