package web_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/store/domain"
)

// firstVisitBytes sums what the page and everything it loaded weigh
// uncompressed: the document, its stylesheet, its scripts and what they
// fetched, as the browser's resource timing counts them.
const firstVisitBytes = `String(performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"))
	.reduce((sum, e) => sum + e.decodedBodySize, 0))`

// TestBrowserRespondPageWeight opens the question form as a first visit
// (a browser with nothing cached) in every language and keeps what it
// transfers, uncompressed, under 50 KB.
func TestBrowserRespondPageWeight(t *testing.T) {
	t.Parallel()
	e, _ := newBrowserEnv(t)
	for _, l := range lang.Supported {
		link := e.invite(domain.AudienceStatesParties, "JO", "Jordan", "Rania "+l)
		tb := newTab(t, e.URL, true)
		tb.open("/r/" + link + "?lang=" + l)
		tb.waitPage("respond")
		if got := tb.eval(`document.documentElement.lang`); got != l {
			t.Fatalf("form in %q, want %q", got, l)
		}
		// What the script fetches once the page is shown counts too.
		time.Sleep(budget(500 * time.Millisecond))
		n, err := strconv.Atoi(tb.eval(firstVisitBytes))
		if err != nil {
			t.Fatal(err)
		}
		if n > 50*1024 || n < 10*1024 {
			t.Errorf("%s: a first visit to the form transfers %d bytes uncompressed, want between 10 and 50 KB", l, n)
		}
		t.Logf("%s: %d bytes", l, n)
	}
}
