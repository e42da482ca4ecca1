package verifier

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// SessionLiveness answers whether a session still lives and is the user's. It must be exact: a revoked session is
// refused on the very next call. It returns an error (an *UnavailableError) when it cannot tell, never true on doubt.
type SessionLiveness interface {
	IsLive(ctx context.Context, sessionID, userID string) (bool, error)
}

// DefaultKeyPrefix is the issuer's REDIS_KEY_PREFIX default.
const DefaultKeyPrefix = "authpair:"

// StrictLiveness asks Redis on every verification: one `GET <prefix>live:{<sub>}:<sid>` (key layout 2), live only
// when its value is the token's `sub`. The liveness marker exists exactly as long as the session lives; the hash tag
// `{<sub>}` keeps every key of a user in one Redis Cluster slot (docs/VERIFYING.md section 6).
type StrictLiveness struct {
	client redis.UniversalClient
	prefix string
}

// liveKey is the key of a session's liveness marker (packages/verifier/src/core/session-keys.ts).
func liveKey(prefix, userID, sessionID string) string {
	return prefix + "live:{" + userID + "}:" + sessionID
}

// NewStrictLiveness reads sessions through client (see NewRedisClient for one that fails fast) under keyPrefix,
// the issuer's REDIS_KEY_PREFIX ("" means DefaultKeyPrefix).
func NewStrictLiveness(client redis.UniversalClient, keyPrefix string) *StrictLiveness {
	if keyPrefix == "" {
		keyPrefix = DefaultKeyPrefix
	}
	return &StrictLiveness{client: client, prefix: keyPrefix}
}

// IsLive implements SessionLiveness. An empty value is no owner, not even of a token whose sub is empty.
func (s *StrictLiveness) IsLive(ctx context.Context, sessionID, userID string) (bool, error) {
	owner, err := s.client.Get(ctx, liveKey(s.prefix, userID, sessionID)).Result()
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	if err != nil {
		return false, &UnavailableError{Store: "redis", cause: err}
	}
	return owner != "" && owner == userID, nil
}

// NewRedisClient makes a client for the issuer's Redis (a redis:// or rediss:// URL) that fails fast while Redis
// is down, so requests answer 503 at once instead of waiting, and reconnects by itself on the next command.
func NewRedisClient(url string) (*redis.Client, error) {
	options, err := redis.ParseURL(url)
	if err != nil {
		return nil, err
	}
	options.ClientName = "authpair-verifier-go"
	// One dial attempt of at most a second per command, no retry loop: a verification never waits long on Redis.
	options.DialTimeout = time.Second
	options.ReadTimeout = time.Second
	options.WriteTimeout = time.Second
	options.MaxRetries = -1
	options.DialerRetries = 1
	return redis.NewClient(options), nil
}

// KeyLayoutVersion is the version of the Redis key layout this verifier reads: the value of `<prefix>layout`.
const KeyLayoutVersion = "2"

// KeyLayoutError says the issuer's key-layout marker is missing or of another version under the prefix: the
// verifier is misconfigured (a wrong REDIS_KEY_PREFIX or Redis), which must not look like every session revoked.
type KeyLayoutError struct{ msg string }

func (e *KeyLayoutError) Error() string { return e.msg }

// Ready checks, before the service serves, that an issuer of this key layout writes under the prefix, waiting up
// to wait for one that is starting at the same time (docs/VERIFYING.md section 6). It returns a *KeyLayoutError
// naming REDIS_KEY_PREFIX when the marker stays missing or names another version, and an *UnavailableError when
// Redis cannot answer.
func (s *StrictLiveness) Ready(ctx context.Context, wait time.Duration) error {
	prefix := s.prefix
	key := prefix + "layout"
	deadline := time.Now().Add(wait)
	for {
		version, err := s.client.Get(ctx, key).Result()
		switch {
		case err == nil && version == KeyLayoutVersion:
			return nil
		case err == nil:
			return &KeyLayoutError{msg: "the issuer writing under the Redis key prefix \"" + prefix + "\" uses key layout " +
				version + "; this verifier reads layout " + KeyLayoutVersion + ": upgrade them together"}
		case !errors.Is(err, redis.Nil):
			return &UnavailableError{Store: "redis", cause: err}
		case !time.Now().Before(deadline):
			return &KeyLayoutError{msg: "no authpair issuer writes under the Redis key prefix \"" + prefix + "\" (the key \"" +
				key + "\" is missing): set REDIS_KEY_PREFIX to the issuer's, point at the issuer's Redis, or start the issuer first"}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}
