// Package pdf prints self-contained HTML pages to PDF with a headless
// Chromium: the one browser that lays out Arabic, Chinese and print CSS
// as the pages do in a browser.
//
// The page printed runs no script and reaches nothing: JavaScript is
// disabled and every network request is failed, so what the PDF shows is
// what the HTML holds, whatever text a respondent typed into it.
package pdf

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ErrUnavailable is returned when no browser is configured or found.
var ErrUnavailable = errors.New("pdf: no Chromium to print with")

// Timeout bounds one printing, the browser's start included.
const Timeout = 30 * time.Second

// concurrency is how many pages print at once: each tab costs a share of
// the browser's memory and CPU, on servers with few cores.
const concurrency = 2

// Printer prints HTML to PDF with one browser, started on the first
// printing and kept for the next ones; restarted when it died.
type Printer struct {
	path string
	sem  chan struct{}

	mu      sync.Mutex
	browser context.Context
	stop    func()
}

// Candidates are the browsers looked for in PATH when none is configured,
// in order.
var Candidates = []string{"chromium", "chromium-browser", "google-chrome"}

// New returns a printer with the browser at path (PDF_CHROMIUM), else the
// first of Candidates found in PATH. With none, it returns a printer that
// is not Available.
func New(path string) *Printer {
	if path == "" {
		for _, c := range Candidates {
			if p, err := exec.LookPath(c); err == nil {
				path = p
				break
			}
		}
	} else if p, err := exec.LookPath(path); err == nil {
		path = p
	} else {
		path = ""
	}
	return &Printer{path: path, sem: make(chan struct{}, concurrency)}
}

// Available reports whether there is a browser to print with.
func (p *Printer) Available() bool { return p != nil && p.path != "" }

// Path is the browser's path, "" when there is none.
func (p *Printer) Path() string {
	if p == nil {
		return ""
	}
	return p.path
}

// Close stops the browser, if it runs.
func (p *Printer) Close() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stop != nil {
		p.stop()
		p.browser, p.stop = nil, nil
	}
}

// Print returns html printed on A4 pages, its backgrounds and its page
// rules (@page) followed. It returns ErrUnavailable without a browser,
// and an error when the browser fails or takes longer than Timeout.
func (p *Printer) Print(ctx context.Context, html []byte) ([]byte, error) {
	if !p.Available() {
		return nil, ErrUnavailable
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	select {
	case p.sem <- struct{}{}:
		defer func() { <-p.sem }()
	case <-ctx.Done():
		return nil, fmt.Errorf("pdf: waiting for the browser: %w", ctx.Err())
	}
	browser, err := p.start()
	if err != nil {
		return nil, err
	}
	out, err := printIn(ctx, browser, html)
	if err != nil && browser.Err() != nil {
		p.forget(browser) // the browser died: the next printing starts another
	}
	return out, err
}

// start returns the running browser, starting it when there is none.
func (p *Printer) start() (context.Context, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.browser != nil && p.browser.Err() == nil {
		return p.browser, nil
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(p.path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	// The first run starts the browser, which lives as long as the
	// context of that run: no deadline on it, a wait beside it instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(browser) }()
	var err error
	select {
	case err = <-started:
	case <-time.After(Timeout):
		err = errors.New("timed out")
	}
	if err != nil {
		cancelBrowser()
		cancelAlloc()
		return nil, fmt.Errorf("pdf: start %s: %w", p.path, err)
	}
	p.browser, p.stop = browser, func() { cancelBrowser(); cancelAlloc() }
	return browser, nil
}

func (p *Printer) forget(browser context.Context) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.browser == browser && p.stop != nil {
		p.stop()
		p.browser, p.stop = nil, nil
	}
}

// printIn prints html in a new tab of browser, closed after.
func printIn(ctx context.Context, browser context.Context, html []byte) ([]byte, error) {
	tab, closeTab := chromedp.NewContext(browser)
	defer closeTab()
	stop := context.AfterFunc(ctx, closeTab) // the caller's end, or the deadline, ends the tab too
	defer stop()
	deadline, _ := ctx.Deadline()
	tab, cancel := context.WithDeadline(tab, deadline)
	defer cancel()
	// Every request the page would make is failed before it leaves; the
	// listener may not call the browser itself, so another goroutine does.
	paused := make(chan fetch.RequestID, 64)
	err := chromedp.Listen(tab, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			select {
			case paused <- e.RequestID:
			default: // left paused: the page prints without it all the same
			}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	go func() {
		for {
			select {
			case id := <-paused:
				_, _ = chromedp.Call(tab, fetch.FailRequest,
					fetch.FailRequestParams{RequestID: id, ErrorReason: network.ErrorReasonBlockedByClient})
			case <-tab.Done():
				return
			}
		}
	}()
	out, err := chromedp.Run(tab, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		// A page loaded first gives the document its top-level frame,
		// which the content replaces.
		if _, err := chromedp.Navigate("about:blank")(ctx, t); err != nil {
			return nil, err
		}
		if _, err := cdp.Call(ctx, t, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
			return nil, err
		}
		if _, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			return nil, err
		}
		tree, err := cdp.Call(ctx, t, page.GetFrameTree, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		if _, err := cdp.Call(ctx, t, page.SetDocumentContent,
			page.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: string(html)}); err != nil {
			return nil, err
		}
		return chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPrintBackground(),
			chromedp.PDFPreferCSSPageSize())(ctx, t)
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("pdf: %w", ctx.Err())
		}
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return out, nil
}
