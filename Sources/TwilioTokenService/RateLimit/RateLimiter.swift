#if TokenService
import Synchronization

/// A token bucket per key (a principal's name, a client address): up to `perMinute` requests at once, refilled at
/// `perMinute` a minute.
///
/// Limits are per process: several instances behind a load balancer each allow the full rate.
public final class RateLimiter: Sendable {
    /// Requests per minute, and the burst size; 0 turns the limiter off.
    public let perMinute: Int
    private let buckets: Mutex<[String: Bucket]>
    private let clock: @Sendable () -> Duration

    /// Keys tracked at most; beyond it, buckets that have refilled completely (idle keys) are dropped.
    static let maximumKeys = 100_000

    struct Bucket {
        var tokens: Double
        var updated: Duration
    }

    /// A limiter, on the monotonic clock unless a test gives another (any clock counting seconds forward).
    public init(perMinute: Int, clock: (@Sendable () -> Duration)? = nil) {
        self.perMinute = perMinute
        self.buckets = Mutex([:])
        self.clock = clock ?? Self.monotonicNow
    }

    private static let origin = ContinuousClock.now

    private static let monotonicNow: @Sendable () -> Duration = { ContinuousClock.now - RateLimiter.origin }

    /// Takes one request from `key`'s bucket.
    ///
    /// - Returns: `nil` when the request may go ahead, or the whole seconds after which one will.
    public func acquire(_ key: String) -> Int? {
        guard self.perMinute > 0 else { return nil }
        let now = self.clock()
        let capacity = Double(self.perMinute)
        let ratePerSecond = capacity / 60
        return self.buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = Self.seconds(now - bucket.updated)
            bucket.tokens = min(capacity, bucket.tokens + max(0, elapsed) * ratePerSecond)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                buckets[key] = bucket
                if buckets.count > Self.maximumKeys {
                    Self.dropIdle(&buckets, now: now, capacity: capacity, rate: ratePerSecond)
                }
                return nil
            }
            buckets[key] = bucket
            let wait = (1 - bucket.tokens) / ratePerSecond
            return max(1, Int(wait.rounded(.up)))
        }
    }

    private static func dropIdle(_ buckets: inout [String: Bucket], now: Duration, capacity: Double, rate: Double) {
        buckets = buckets.filter { _, bucket in
            bucket.tokens + Self.seconds(now - bucket.updated) * rate < capacity
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        let components = duration.components
        return Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
#endif
