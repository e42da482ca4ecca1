package verifier

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// RemoteKeysOptions tune a RemoteKeys; zero values take the TypeScript verifier's defaults.
type RemoteKeysOptions struct {
	// RefreshInterval is how often the set is refetched in the background, to pick up added and removed keys.
	// Default 5 minutes.
	RefreshInterval time.Duration
	// Cooldown is the least time after a successful fetch before an unknown `kid` causes another. Default 30 s.
	Cooldown time.Duration
	// Timeout bounds one fetch. Default 3 s.
	Timeout time.Duration
	// Client makes the requests. Default http.DefaultClient.
	Client *http.Client
	// OnRefreshError is told about background refresh failures (the keys held stay in use).
	OnRefreshError func(error)
}

// RemoteKeys is the issuer's JWKS, fetched over HTTP and kept: fetched by Start, refreshed on a schedule and on an
// unknown `kid` (one fetch at a time, at most once per cooldown), the last good set kept while the issuer cannot
// be reached. A token never supplies its own key.
type RemoteKeys struct {
	url     string
	options RemoteKeysOptions

	mu        sync.Mutex
	set       *KeySet
	fetchedAt time.Time
	inFlight  *fetchCall

	stopOnce sync.Once
	stop     chan struct{}
}

type fetchCall struct {
	done chan struct{}
	err  error
}

// NewRemoteKeys makes the key source for a JWKS URL; call Start to load it and begin the refresh schedule.
func NewRemoteKeys(jwksURL string, options RemoteKeysOptions) *RemoteKeys {
	if options.RefreshInterval <= 0 {
		options.RefreshInterval = 5 * time.Minute
	}
	if options.Cooldown <= 0 {
		options.Cooldown = 30 * time.Second
	}
	if options.Timeout <= 0 {
		options.Timeout = 3 * time.Second
	}
	if options.Client == nil {
		options.Client = http.DefaultClient
	}
	return &RemoteKeys{url: jwksURL, options: options, stop: make(chan struct{})}
}

// Start fetches the keys once and starts the background refresh; the schedule runs even when this first fetch
// fails (its error is returned: a service may start and answer 503 until the issuer answers).
func (k *RemoteKeys) Start(ctx context.Context) error {
	go k.refreshLoop()
	return k.Refresh(ctx)
}

// Close stops the background refresh.
func (k *RemoteKeys) Close() { k.stopOnce.Do(func() { close(k.stop) }) }

// Loaded is true once a fetch has succeeded (for readiness).
func (k *RemoteKeys) Loaded() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.set != nil
}

func (k *RemoteKeys) refreshLoop() {
	ticker := time.NewTicker(k.options.RefreshInterval)
	defer ticker.Stop()
	for {
		select {
		case <-k.stop:
			return
		case <-ticker.C:
			if err := k.Refresh(context.Background()); err != nil && k.options.OnRefreshError != nil {
				k.options.OnRefreshError(err)
			}
		}
	}
}

// Refresh fetches the set now, sharing a fetch already in flight; on failure the set held stays in use.
// It returns an *UnavailableError when the JWKS cannot be fetched.
func (k *RemoteKeys) Refresh(ctx context.Context) error {
	return k.refresh(ctx, nil, false)
}

// refresh fetches unless onlyIfStill is set and another fetch has already replaced the set `seen`: lookups that
// saw the old set while a fetch was finishing then use its result instead of fetching again.
func (k *RemoteKeys) refresh(ctx context.Context, seen *KeySet, onlyIfStill bool) error {
	k.mu.Lock()
	if onlyIfStill && k.set != seen {
		k.mu.Unlock()
		return nil
	}
	call := k.inFlight
	if call == nil {
		call = &fetchCall{done: make(chan struct{})}
		k.inFlight = call
		go k.fetch(call)
	}
	k.mu.Unlock()
	select {
	case <-call.done:
		return call.err
	case <-ctx.Done():
		return &UnavailableError{Store: "jwks", cause: ctx.Err()}
	}
}

// fetch runs apart from any request's context: a caller giving up must not cancel the fetch others wait for.
func (k *RemoteKeys) fetch(call *fetchCall) {
	set, err := k.download()
	k.mu.Lock()
	if err == nil {
		k.set, k.fetchedAt = set, time.Now()
	} else {
		call.err = &UnavailableError{Store: "jwks", cause: err}
	}
	k.inFlight = nil
	k.mu.Unlock()
	close(call.done)
}

func (k *RemoteKeys) download() (*KeySet, error) {
	ctx, cancel := context.WithTimeout(context.Background(), k.options.Timeout)
	defer cancel()
	request, err := http.NewRequestWithContext(ctx, http.MethodGet, k.url, nil)
	if err != nil {
		return nil, err
	}
	request.Header.Set("Accept", "application/json")
	response, err := k.options.Client.Do(request)
	if err != nil {
		return nil, err
	}
	defer response.Body.Close()
	if response.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("expected 200 OK from the JSON Web Key Set, got %d", response.StatusCode)
	}
	document, err := io.ReadAll(io.LimitReader(response.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	return ParseJWKS(document)
}

func (k *RemoteKeys) current() (*KeySet, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	coolingDown := k.set != nil && time.Since(k.fetchedAt) < k.options.Cooldown
	return k.set, coolingDown
}

// Key implements KeySource: from the set held; an unknown `kid` refetches once the cooldown has passed.
func (k *RemoteKeys) Key(ctx context.Context, kid string, hasKid bool) (*rsa.PublicKey, error) {
	set, coolingDown := k.current()
	if set == nil {
		if err := k.Refresh(ctx); err != nil {
			return nil, err
		}
		set, coolingDown = k.current()
	}
	key, err := set.find(kid, hasKid)
	if errors.Is(err, errNoKey) && !coolingDown {
		if err := k.refresh(ctx, set, true); err != nil {
			return nil, err
		}
		set, _ = k.current()
		key, err = set.find(kid, hasKid)
	}
	if errors.Is(err, errNoKey) {
		return nil, invalidToken("The access token is signed with an unknown key.", err)
	}
	return key, err
}
