/// Parses dotenv files: `KEY=value` lines, optional `export `, `#` comments, blank lines, and values in single
/// quotes (taken literally) or double quotes (with `\n`, `\t`, `\"` and `\\` escapes). An unquoted value ends at
/// ` #` (a comment) and is trimmed. Lines end with `\n`, `\r\n` (files written on Windows) or `\r`.
enum DotEnv {
    static func parse(_ text: String) throws -> [String: String] {
        var values: [String: String] = [:]
        // "\r\n" is one Character in Swift, so splitting at "\n" alone would leave a CRLF file as one line.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for (index, rawLine) in lines.enumerated() {
            var line = rawLine.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst("export ".count).drop { $0 == " " } }
            guard let equals = line.firstIndex(of: "=") else {
                throw CLIError.usage("--env-file: line \(index + 1) is not KEY=VALUE")
            }
            let key = line[..<equals].trimmingBlanks()
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else {
                throw CLIError.usage("--env-file: line \(index + 1) has no valid variable name before '='")
            }
            values[key] = try Self.value(line[line.index(after: equals)...], line: index + 1)
        }
        return values
    }

    private static func value(_ raw: Substring, line: Int) throws -> String {
        let text = raw.drop { $0 == " " || $0 == "\t" }
        guard let quote = text.first, quote == "\"" || quote == "'" else {
            var value = text
            if let comment = value.firstRange(of: " #") { value = value[..<comment.lowerBound] }
            return value.trimmingBlanks()
        }
        var result = ""
        var escaped = false
        for character in text.dropFirst() {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                default: result.append(character)
                }
                escaped = false
            } else if character == "\\" && quote == "\"" {
                escaped = true
            } else if character == quote {
                return result
            } else {
                result.append(character)
            }
        }
        throw CLIError.usage("--env-file: line \(line) has an unterminated quoted value")
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    func trimmingBlanks() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
