import Foundation
import Testing

@testable import TwilioJWT

/// Runs `Tests/Python/twilio_reference.py` (twilio-python 9.13.0 + PyJWT), the byte-exact reference.
///
/// The differential tests need it; `Scripts/test.sh` and CI install it with
/// `python3 -m pip install -r Tests/requirements.txt`. When it is missing the tests fail and say so.
enum PythonReference {
    static let script = packageRoot.appendingPathComponent("Tests/Python/twilio_reference.py")

    /// Runs `command` of `script` (a reference script in `Tests/Python`) with `requests` as its standard input.
    static func run(_ command: String, _ requests: JSONValue, script: URL = Self.script) throws -> JSONValue {
        let result = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", script.path, command],
            stdin: Data(requests.json.utf8)
        )
        guard result.status == 0 else {
            throw TestDataError(
                "\(script.lastPathComponent) \(command) failed (\(result.status)): "
                    + String(decoding: result.stderr, as: UTF8.self)
            )
        }
        return try JSONReader.parse(Array(result.stdout), maximumDepth: 64)
    }
}

/// A small, fast, seedable generator (SplitMix64) so that every random test run is reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
