import Benchmark
import BenchmarkFixtures
import TwilioJWT

// Minting and verifying each token kind: throughput and heap allocations (malloc-interposer).
//
// The HS256 operations take microseconds, so each sample runs 1,000 of them (`scalingFactor: .kilo`); the text
// output shows the metrics marked `*` per operation, and throughput in thousands of tokens per second. RS256
// operations run once per sample.
//
// Thresholds/ holds the p90 of each metric from the last baseline (`TARGET.NAME.p90.json`, in raw units: per
// sample, so allocations per 1,000 tokens for the HS256 benchmarks); README.md says how to check and re-baseline.
// Wall-clock time is left out on purpose: its p90 is the slow tail, which a shared two-core machine moves by 50 %
// from one run to the next, while throughput's p90 is the fast end, which moves only when the core itself is taken.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .mallocCountTotal],
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000,
        thresholds: [
            // Allocations are deterministic: any new one is a regression.
            .mallocCountTotal: .init(absolute: [.p90: 0]),
            // Time is not, on a shared two-core machine: flag only large changes.
            .throughput: .init(relative: [.p90: 25]),
        ]
    )

    let verifier = Fixtures.verifier
    let at = Fixtures.verifiedAt

    Benchmark("MintAccessToken") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Fixtures.mintAccess())
        }
    }

    Benchmark("VerifyAccessToken") { benchmark, token in
        for _ in benchmark.scaledIterations {
            blackHole(try verifier.verify(token, as: AccessTokenClaims.self, at: at))
        }
    } setup: {
        try Fixtures.mintAccess()
    }

    Benchmark("MintCapabilityToken") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Fixtures.mintCapability())
        }
    }

    Benchmark("VerifyCapabilityToken") { benchmark, token in
        for _ in benchmark.scaledIterations {
            blackHole(try verifier.verify(token, as: ClientCapabilityClaims.self, at: at))
        }
    } setup: {
        try Fixtures.mintCapability()
    }

    Benchmark("MintTaskRouterWorkerToken") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Fixtures.mintWorker())
        }
    }

    Benchmark("VerifyTaskRouterWorkerToken") { benchmark, token in
        for _ in benchmark.scaledIterations {
            blackHole(try verifier.verify(token, as: TaskRouterClaims.self, at: at))
        }
    } setup: {
        try Fixtures.mintWorker()
    }

    Benchmark(
        "MintClientValidationRS256",
        configuration: .init(scalingFactor: .one, maxIterations: 2_000, setup: { blackHole(Fixtures.validationKey) })
    ) { _ in
        blackHole(try Fixtures.mintValidation())
    }

    Benchmark(
        "VerifyClientValidationRS256",
        configuration: .init(scalingFactor: .one, maxIterations: 10_000)
    ) { _, token in
        blackHole(try verifier.verify(token, as: ClientValidationClaims.self, at: at))
    } setup: {
        try Fixtures.mintValidation()
    }
}
