// Fuzz target for the strict base64url decoder (`Base64URL+Decoding.swift`).
//
// Built with `-DFUZZING -parse-as-library` and libFuzzer (see `Scripts/fuzz.sh FuzzBase64URL`), this file
// is only the `LLVMFuzzerTestOneInput` entry point. Built plainly (`swift build`), it is a program that
// replays the files and directories given as arguments through the same checks, so CI can run the
// committed corpus without libFuzzer: `swift run FuzzBase64URL Fuzz/Corpus/FuzzBase64URL`.
//
// Every check traps with `fatalError`, which libFuzzer reports as a crash and saves the input.

import TwilioJWT

#if !FUZZING
import FuzzSupport
#endif

/// The checks run on one input.
enum Harness {
    /// The alphabet of RFC 4648 §5, written out independently of the library's tables.
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// An obviously correct strict decoder: look each character up by linear search, shift 6 bits at a time
    /// into an accumulator, emit a byte whenever 8 bits are available. At the end, at most 4 bits may be left
    /// over (6 or more means a lone final character, length ≡ 1 (mod 4)) and they must be zero.
    static func referenceDecode(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        var accumulator: UInt32 = 0
        var bitCount = 0
        for character in input {
            guard let value = Self.alphabet.firstIndex(of: character) else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
                accumulator &= (1 << UInt32(bitCount)) - 1
            }
        }
        guard bitCount < 6, accumulator == 0 else { return nil }
        return output
    }

    static func run(_ input: UnsafeBufferPointer<UInt8>) {
        // 1. The table-driven decoder accepts exactly what the reference accepts, with the same bytes.
        let decoded = Base64URL.decode(input)
        let expected = Self.referenceDecode(input)
        guard decoded == expected else {
            fatalError("strict decoder \(String(describing: decoded)) != reference \(String(describing: expected))")
        }

        // 2. Decoding appends after existing bytes and leaves them alone when it fails.
        let prefix: [UInt8] = [0xA5, 0x5A]
        var output = prefix
        let isValid = Base64URL.decode(input, appendingTo: &output)
        guard isValid == (decoded != nil), output == prefix + (decoded ?? []) else {
            fatalError("decode(_:appendingTo:) disagrees with decode(_:)")
        }

        // 3. Strict decoding is injective: an accepted input is the one encoding of its bytes.
        if let decoded {
            let reencoded = Array(Base64URL.encode(decoded).utf8)
            guard reencoded.elementsEqual(input) else {
                fatalError("accepted a non-canonical spelling")
            }
        }

        // 4. Any bytes survive encode-then-decode; the input itself serves as the bytes.
        let encoded = Base64URL.encode(input)
        guard let roundTripped = Base64URL.decode(encoded), roundTripped.elementsEqual(input) else {
            fatalError("decode(encode(x)) != x")
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Harness.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
#else
// The program. A declaration rather than a statement, because `-parse-as-library` (the fuzzing build) parses
// this inactive branch too and refuses statements at the top level; in a plain build it runs as top-level code.
let replayedCount = replay(Array(CommandLine.arguments.dropFirst()), name: "FuzzBase64URL") { Harness.run($0) }
#endif
