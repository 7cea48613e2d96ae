import Foundation
import Testing
import TwilioJWT

/// Runs `Tests/Python/twilio_reference.py` (twilio-python 9.13.0 + PyJWT), the byte-exact reference.
///
/// The differential tests need it. `Scripts/test.sh` (and so CI) installs it with
/// `python3 -m pip install -r Tests/requirements.txt` and sets `TWILIO_JWT_REQUIRE_REFERENCE=1`. Without that
/// variable, a machine without the reference skips the differential tests (`.enabled(if:
/// PythonReference.isAvailable)`); with it, `PythonReferenceTests` fails instead, so that CI never passes with them
/// skipped.
public enum PythonReference {
    public static let script = packageRoot.appendingPathComponent("Tests/Python/twilio_reference.py")

    /// Whether `python3` can import twilio 9.13.0 and PyJWT (asked once per test process).
    public static let isAvailable: Bool = {
        let probe = try? Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "-c", "import jwt, twilio, sys; sys.exit(0 if twilio.__version__ == '9.13.0' else 1)"]
        )
        return probe?.status == 0
    }()

    /// Whether the test run must have the reference (`TWILIO_JWT_REQUIRE_REFERENCE=1`, set by `Scripts/test.sh`).
    public static let isRequired = ProcessInfo.processInfo.environment["TWILIO_JWT_REQUIRE_REFERENCE"] == "1"

    /// Runs `command` of `script` (a reference script in `Tests/Python`) with `requests` as its standard input.
    public static func run(_ command: String, _ requests: JSONValue, script: URL = Self.script) throws -> JSONValue {
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
        return try JSONValue(parsing: String(decoding: result.stdout, as: UTF8.self), maximumDepth: 64)
    }
}

/// A small, fast, seedable generator (SplitMix64) so that every random test run is reproducible.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs a test only where the Python reference (twilio-python 9.13.0 + PyJWT) can be imported.
    public static var pythonReference: Self {
        .enabled(
            if: PythonReference.isAvailable, "needs twilio-python 9.13.0 and PyJWT (Scripts/test.sh installs them)")
    }
}
