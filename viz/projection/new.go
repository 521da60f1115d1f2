package projection

import "fmt"

// New returns a projector for method with opts.
func New(method string, opts Options) (Projector, error) {
	switch Method(method) {
	case PCAMethod:
		return NewPCA(opts), nil
	case TSNEMethod:
		return projectorOrNil(NewTSNE(opts))
	case UMAPMethod:
		return NewUMAP(opts), nil
	}
	return nil, fmt.Errorf("projection: unknown method %q (want pca, tsne or umap)", method)
}

// projectorOrNil turns a constructor's (*T, error) into (Projector, error)
// without a typed nil hiding behind a non-nil interface.
func projectorOrNil[T Projector](p T, err error) (Projector, error) {
	if err != nil {
		return nil, err
	}
	return p, nil
}
