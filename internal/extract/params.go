package extract

// bodyParams are the tunable constants of the body finder, gathered in one
// place so that the leave-one-group-out measurement (groups_test.go) can
// choose them on the other groups and score the held-out one with that
// choice. defaultParams are the values New uses; they were set from the
// page-shape fixtures (testdata/shapes), not from the evaluation pages.
type bodyParams struct {
	// leadShare decides whose article a list of posts is. When the text
	// between the headline and the list's first unit is under leadShare
	// times that unit's text, nothing stands between headline and list:
	// the first unit is the article (a forum thread's opening post, a
	// blog archive's newest entry) and the others are replies. Otherwise
	// the article precedes the list, and every unit is a comment.
	leadShare float64
	// looseShare: a group whose parent also holds text outside any unit
	// (paragraphs, headings: a running text) of at least looseShare times
	// the first unit's text is sections of an article, not a list of posts.
	looseShare float64
	// datedShare is the share of a group's units that must carry a short
	// dated line (a post's header or footer) for the group to be a list of
	// posts or comments.
	datedShare float64
	// outweighOwn and outweighFactor: a top candidate with under
	// outweighOwn runes of its own text yields to a candidate outside it
	// holding outweighFactor times as much (bodyFinder.outweighing).
	outweighOwn    int
	outweighFactor float64
	// nearGap and nearShare: a top candidate starting more than nearGap
	// runes of text below the headline yields to one starting within
	// nearGap that holds nearShare of its text
	// (bodyFinder.followingHeadline).
	nearGap   int
	nearShare float64
}

var defaultParams = bodyParams{
	leadShare:      0.5,
	looseShare:     0.5,
	datedShare:     2.0 / 3,
	outweighOwn:    200,
	outweighFactor: 4,
	nearGap:        40,
	nearShare:      1,
}
