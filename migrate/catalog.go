package migrate

import (
	"github.com/rakmigrate/rakmigrate/permissions"
)

// Catalog is what the engine needs of the permission catalog.
// *permissions.Catalog satisfies it; tests may pass a smaller one.
type Catalog interface {
	// Lookup maps a request (path may carry "?query" for expand[]) to its
	// operation and permission; false when no operation matches.
	Lookup(method, path string) (permissions.Match, bool)
}

// nearester is the optional part of a catalog that suggests the closest
// template for an unmapped request.
type nearester interface {
	Nearest(method, path string) string
}

func nearest(c Catalog, method, path string) string {
	if n, ok := c.(nearester); ok {
		return n.Nearest(method, path)
	}
	return ""
}

// generalizer is the optional part of a catalog that writes the ids of an
// unmapped request's path as {id}, so that its requests are one entry per
// endpoint, not one per object (permissions.Catalog.Generalize).
type generalizer interface {
	Generalize(path string) string
}
