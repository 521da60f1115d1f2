package model

// A Role is what a file of a space is for, as guessed from its contents
// when nothing names it: `latent info` describes a file by it and the
// window adds a dropped or opened file to the space by it.
type Role string

// The roles a table or an array can play.
const (
	RoleCodes  Role = "codes"
	RoleLabels Role = "labels" // labels or metadata
	RoleData   Role = "data"   // the data items, such as images
)

// ArrayRole guesses what an array holds: a 1-D integer array is labels,
// an array of three or more dimensions or of uint8 is data (images), and
// anything else is codes.
func ArrayRole(a *Array) Role {
	switch {
	case len(a.Shape) == 1 && a.IsInteger():
		return RoleLabels
	case len(a.Shape) >= 3 || a.DType == "uint8":
		return RoleData
	}
	return RoleCodes
}

// TableRole guesses what a CSV/TSV table holds: a table with a text column
// or a single column is labels (metadata), one of several numeric columns
// is codes.
func TableRole(t *Table) Role {
	if len(t.Columns) <= 1 {
		return RoleLabels
	}
	for _, c := range t.Columns {
		if !c.Numeric() {
			return RoleLabels
		}
	}
	return RoleCodes
}
