import Foundation
import Testing

@testable import TwilioJWT

/// Loads a JSON data file from `Tests/TwilioJWTTests/Vectors`, keeping member order.
func loadVectorFile(_ name: String) throws -> JSONValue {
    guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Vectors") else {
        throw TestDataError("missing vector file Vectors/\(name).json")
    }
    let data = try Data(contentsOf: url)
    return try JSONReader.parse(Array(data), maximumDepth: 64)
}

struct TestDataError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension JSONValue {
    subscript(_ name: String) -> JSONValue? {
        self.objectValue?[name]
    }

    var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// Compact JSON as Python writes it.
    var json: String { self.description }
}

/// The path of the package root, for files outside the test bundle (the Python driver).
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Support
    .deletingLastPathComponent()  // TwilioJWTTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

/// Decodes one base64url segment of a token (test helper; the library's own decoder is tested separately).
func base64URLDecodedString(_ segment: Substring) -> String? {
    var base64 = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    return Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) }
}
