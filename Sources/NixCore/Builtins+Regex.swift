import NixEval
import NixLexer

extension CoreEvaluator {
  /// Builtins: match, split, splitVersion, compareVersions, parseDrvName, hashString.
  ///
  /// The regular expressions are NixEval's engine (``NixRegex``: POSIX extended, leftmost
  /// longest, as libstdc++ gives Nix). As in Nix, what `match` and `split` return has no string
  /// context, except `split`'s one-item list when nothing matches, which is the subject itself;
  /// `hashString` drops its subject's context; patterns, versions, names and hash algorithms
  /// must have none.
  func registerRegexAndVersions() {
    define("match", 2) { ev, r, s, _, span throws(CoreError) in
      let regex = try ev.regex(r, span, "match")
      let subject = Array(StringRecord(try ev.forceStringValue(s, span, "while evaluating the second argument passed to builtins.match")).bytes)
      guard let captures = regex.wholeMatch(subject) else { return .null }
      return ev.captureGroups(captures, regex.groups, subject)
    }
    define("split", 2) { ev, r, s, _, span throws(CoreError) in
      let regex = try ev.regex(r, span, "split")
      let value = try ev.forceStringValue(s, span, "while evaluating the second argument passed to builtins.split")
      let subject = Array(StringRecord(value).bytes)
      // The matches' capture positions first (plain numbers), then the list in one record.
      var matches: [[Int]] = []
      var from = 0
      // Searches that scan far past their matches would take quadratic time: then a table of
      // which threads can still match bounds each search by its match (as NixEval does).
      var scanned = 0
      var viability: Viability? = nil
      var triedViability = false
      while from <= subject.count {
        if !triedViability && scanned > 4 * subject.count + 4096 {
          triedViability = true
          viability = regex.viability(of: subject)
        }
        guard let captures = regex.firstMatch(in: subject, from: from, viability: viability, scanned: &scanned) else { break }
        matches.append(captures)
        // After an empty match no other match starts there (it would be longer), so the
        // search goes on one byte later, as std::regex_iterator does.
        from = captures[1] > captures[0] ? captures[1] : captures[1] + 1
      }
      // No match: the subject itself, context and all.
      if matches.isEmpty {
        let out = ev.makeList(1)
        out[0] = value
        return Value(.list, record: out.base)
      }
      let out = ev.makeList(2 * matches.count + 1)
      var previousEnd = 0
      for (i, captures) in matches.enumerated() {
        out[2 * i] = ev.string(subject[previousEnd..<captures[0]])
        out[2 * i + 1] = ev.captureGroups(captures, regex.groups, subject)
        previousEnd = captures[1]
      }
      out[2 * matches.count] = ev.string(subject[previousEnd...])
      return Value(.list, record: out.base)
    }
    define("splitVersion", 1) { ev, a, _, _, span throws(CoreError) in
      let version = try ev.stringWithoutContext(a, span, "while evaluating the first argument passed to builtins.splitVersion")
      let parts = Versions.split(version)
      if parts.isEmpty { return ev.emptyList }
      let out = ev.makeList(parts.count)
      for (i, part) in parts.enumerated() { out[i] = ev.string(part) }
      return Value(.list, record: out.base)
    }
    define("compareVersions", 2) { ev, a, b, _, span throws(CoreError) in
      let v1 = try ev.stringWithoutContext(a, span, "while evaluating the first argument passed to builtins.compareVersions")
      let v2 = try ev.stringWithoutContext(b, span, "while evaluating the second argument passed to builtins.compareVersions")
      return .int(Int64(Versions.compare(v1, v2)))
    }
    define("parseDrvName", 1) { ev, a, _, _, span throws(CoreError) in
      let drvName = try ev.stringWithoutContext(a, span, "while evaluating the first argument passed to builtins.parseDrvName")
      let parts = Versions.parseDrvName(drvName)
      let nameSymbol = ev.names.name, versionSymbol = ev.symbols.intern("version").id
      // Both strings are made before the set, which then holds them in symbol order.
      let name = ev.string(parts.name)
      let version = ev.string(parts.version)
      let out = ev.makeAttrs(2)
      let nameFirst = nameSymbol < versionSymbol
      out.set(nameFirst ? 0 : 1, symbol: nameSymbol, position: -1, value: name)
      out.set(nameFirst ? 1 : 0, symbol: versionSymbol, position: -1, value: version)
      return Value(.attrs, record: out.base)
    }
    define("hashString", 2) { ev, a, s, _, span throws(CoreError) in
      let algorithm = String(decoding: try ev.stringWithoutContext(a, span, "while evaluating the first argument passed to builtins.hashString"), as: UTF8.self)
      guard ["md5", "sha1", "sha256", "sha512"].contains(algorithm) else {
        if algorithm == "blake3" {
          throw CoreError(.notImplemented, "hash algorithm 'blake3' is not supported by nixinv", at: span)
        }
        throw CoreError(.other, "unknown hash algorithm '\(algorithm)', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'", at: span)
      }
      let subject = Array(StringRecord(try ev.forceStringValue(s, span, "while evaluating the second argument passed to builtins.hashString")).bytes)
      guard let digest = Hashes.digest(algorithm, subject) else {
        throw CoreError(.other, "unknown hash algorithm '\(algorithm)'", at: span)
      }
      return ev.string(Hashes.hex(digest))
    }
  }

  /// The compiled regular expression of a `match` or `split` call's first argument (a string
  /// without context).
  fileprivate func regex(_ v: Value, _ span: Span, _ builtin: String) throws(CoreError) -> NixRegex {
    let pattern = try stringWithoutContext(v, span, "while evaluating the first argument passed to builtins.\(builtin)")
    do throws(NixRegex.SyntaxError) {
      return try NixRegex.cached(pattern)
    } catch {
      throw CoreError(.other, "invalid regular expression '\(String(decoding: pattern, as: UTF8.self))'", at: span)
    }
  }

  /// The capture groups 1...`count` of a match of `subject` as a list: a string for each group
  /// that took part, null for the others.
  fileprivate func captureGroups(_ captures: [Int], _ count: Int, _ subject: [UInt8]) -> Value {
    if count == 0 { return emptyList }
    let out = makeList(count)
    for g in 1...count {
      let start = captures[2 * g], end = captures[2 * g + 1]
      out[g - 1] = start < 0 || end < 0 ? .null : string(subject[start..<end])
    }
    return Value(.list, record: out.base)
  }

  /// The bytes of a string that must have no context (Nix's `forceStringNoCtx`): else "the
  /// string '…' is not allowed to refer to a store path (such as '…')".
  fileprivate func stringWithoutContext(_ v: Value, _ span: Span, _ context: String) throws(CoreError) -> [UInt8] {
    let s = StringRecord(try forceStringValue(v, span, context))
    if s.context != 0 {
      let example = contexts[s.context - 1].first.map(Self.contextElementDisplay) ?? ""
      throw CoreError(.other, "the string '\(s.text)' is not allowed to refer to a store path (such as '\(example)')", at: span)
    }
    return Array(s.bytes)
  }

  /// A context element as Nix shows it to users, from its encoding: `=drv` (a whole
  /// derivation) as `drv (deep)`, `!output!drv` as `drv^output`, a path as itself.
  fileprivate static func contextElementDisplay(_ element: String) -> String {
    let bytes = Array(element.utf8)
    if bytes.first == UInt8(ascii: "=") { return String(decoding: bytes.dropFirst(), as: UTF8.self) + " (deep)" }
    if bytes.first == UInt8(ascii: "!"), let bang = bytes.dropFirst().firstIndex(of: UInt8(ascii: "!")) {
      let output = String(decoding: bytes[1..<bang], as: UTF8.self)
      return String(decoding: bytes[(bang + 1)...], as: UTF8.self) + "^" + output
    }
    return element
  }
}
