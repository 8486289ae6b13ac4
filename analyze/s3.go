package analyze

// s3Public decides whether each bucket is effectively public (owner: S3).
var s3Public = Analyzer{Name: "s3-public", Run: func(ix *Index) {}}
