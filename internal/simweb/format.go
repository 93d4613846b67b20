package simweb

// Format is a feed format.
type Format int

// The feed formats a site can serve.
const (
	// RSS2 is RSS 2.0 with dc:creator authors.
	RSS2 Format = iota
	// Atom is Atom 1.0.
	Atom
	// JSONFeed is JSON Feed 1.1.
	JSONFeed
	// RSS1 is RSS 1.0 (RDF) with Dublin Core dates and creators.
	RSS1
	// RSS091 is RSS 0.91: items have a title, link and description only,
	// no date and no author.
	RSS091
)

// String returns the format's name, such as "RSS 2.0".
func (f Format) String() string {
	switch f {
	case RSS2:
		return "RSS 2.0"
	case Atom:
		return "Atom 1.0"
	case JSONFeed:
		return "JSON Feed 1.1"
	case RSS1:
		return "RSS 1.0"
	case RSS091:
		return "RSS 0.91"
	}
	return "unknown"
}

// ContentType returns the Content-Type a site serves the format with.
func (f Format) ContentType() string {
	switch f {
	case Atom:
		return "application/atom+xml; charset=utf-8"
	case JSONFeed:
		return "application/feed+json; charset=utf-8"
	case RSS1:
		return "application/rdf+xml; charset=utf-8"
	case RSS091:
		return "text/xml; charset=utf-8"
	}
	return "application/rss+xml; charset=utf-8"
}

func (f Format) ext() string {
	switch f {
	case Atom:
		return ".atom"
	case JSONFeed:
		return ".json"
	case RSS1:
		return ".rdf"
	}
	return ".xml"
}

// mediaType is the type a page's <link rel="alternate"> announces the feed
// with, for feed discovery.
func (f Format) mediaType() string {
	switch f {
	case Atom:
		return "application/atom+xml"
	case JSONFeed:
		return "application/feed+json"
	case RSS1:
		return "application/rdf+xml"
	}
	return "application/rss+xml"
}
