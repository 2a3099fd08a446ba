import NixLexer
import NixParser

extension Builtins {
  /// String builtins: `toString`, `stringLength`, `substring`, `concatStringsSep`,
  /// `replaceStrings`, `match`, `split`, `splitVersion`, `compareVersions`, `parseDrvName`,
  /// `hashString`. Strings keep the context of what they are made of, as in Nix.
  static var stringPrimOps: [PrimOp] {
    [
      .unary("toString") { ev, v, span throws(EvalError) in
        .string(try ev.coerceToString(v, at: span, coerceMore: true, copyToStore: false, "while evaluating the first argument passed to builtins.toString"))
      },
      .unary("stringLength") { ev, v, span throws(EvalError) in
        let s = try ev.coerceToString(v, at: span, coerceMore: false, "while evaluating the argument passed to builtins.stringLength")
        return .int(Int64(s.bytes.count))
      },
      .ternary("substring") { ev, startV, lenV, strV, span throws(EvalError) in
        let start = try ev.forceInt(startV, at: span, "while evaluating the first argument (the start offset) passed to builtins.substring")
        if start < 0 { throw EvalError(.other, "negative start position in 'substring'", at: span) }
        let len = try ev.forceInt(lenV, at: span, "while evaluating the second argument (the substring length) passed to builtins.substring")
        let s = try ev.coerceToString(strV, at: span, coerceMore: false, "while evaluating the third argument (the string) passed to builtins.substring")
        let count = s.bytes.count
        // The context is kept, even by an empty substring.
        if start >= count || len == 0 { return .string(s.withSameContext([])) }
        let from = Int(start)
        let to = len < 0 || len >= Int64(count - from) ? count : from + Int(len)
        if from == 0 && to == count { return .string(s) }
        return .string(s.withSameContext(Array(s.bytes[from..<to])))
      },
      .binary("concatStringsSep") { ev, sepV, listV, span throws(EvalError) in
        let sep = try ev.forceString(sepV, at: span, "while evaluating the first argument (the separator string) passed to builtins.concatStringsSep")
        let list = try ev.forceList(listV, at: span, "while evaluating the second argument (the list of strings to concat) passed to builtins.concatStringsSep")
        var out = StringBuilder()
        out.context = sep.context
        let sepBytes = sep.bytes
        for (i, item) in list.items.enumerated() {
          if i > 0 { out.append(contentsOf: sepBytes) }
          let s = try ev.coerceToString(item, at: span, coerceMore: false, "while evaluating one element of the list of strings to concat passed to builtins.concatStringsSep")
          out.append(s)
        }
        return .string(out.string)
      },
      .ternary("replaceStrings") { ev, fromV, toV, sV, span throws(EvalError) in
        try replaceStrings(ev, fromV, toV, sV, span)
      },
      .binary("match") { ev, reV, strV, span throws(EvalError) in
        let regex = try compileRegex(ev, reV, span, "match")
        let s = try ev.forceString(strV, at: span, "while evaluating the second argument passed to builtins.match")
        guard let caps = regex.wholeMatch(s.bytes) else { return .null }
        return groups(caps, regex.groups, s.bytes)
      },
      .binary("split") { ev, reV, strV, span throws(EvalError) in
        let regex = try compileRegex(ev, reV, span, "split")
        let s = try ev.forceString(strV, at: span, "while evaluating the second argument passed to builtins.split")
        let bytes = s.bytes
        var result: [Value] = []
        var previousEnd = 0
        var from = 0
        // Searches that scan far past their matches would take quadratic time: then a table of
        // which threads can still match bounds each search by its match.
        var scanned = 0
        var viability: Viability? = nil
        var triedViability = false
        while from <= bytes.count {
          if !triedViability && scanned > 4 * bytes.count + 4096 {
            triedViability = true
            viability = regex.viability(of: bytes)
          }
          guard let caps = regex.firstMatch(in: bytes, from: from, viability: viability, scanned: &scanned) else { break }
          result.append(.string(NixString(Array(bytes[previousEnd..<caps[0]]))))
          result.append(groups(caps, regex.groups, bytes))
          previousEnd = caps[1]
          // After an empty match no other match starts there (it would be longer), so the
          // search goes on one byte later, as std::regex_iterator does.
          from = caps[1] > caps[0] ? caps[1] : caps[1] + 1
        }
        if result.isEmpty { return .list(NixList([.string(s)])) }
        result.append(.string(NixString(Array(bytes[previousEnd...]))))
        return .list(NixList(result))
      },
      .unary("splitVersion") { ev, v, span throws(EvalError) in
        let s = try ev.forceStringWithoutContext(v, at: span, "while evaluating the first argument passed to builtins.splitVersion")
        return .list(NixList(Versions.split(s.bytes).map { .string(NixString(Array($0))) }))
      },
      .binary("compareVersions") { ev, a, b, span throws(EvalError) in
        let v1 = try ev.forceStringWithoutContext(a, at: span, "while evaluating the first argument passed to builtins.compareVersions")
        let v2 = try ev.forceStringWithoutContext(b, at: span, "while evaluating the second argument passed to builtins.compareVersions")
        return .int(Int64(Versions.compare(v1.bytes, v2.bytes)))
      },
      .unary("parseDrvName") { ev, v, span throws(EvalError) in
        let s = try ev.forceStringWithoutContext(v, at: span, "while evaluating the first argument passed to builtins.parseDrvName")
        let parts = Versions.parseDrvName(s.bytes)
        var b = AttrsBuilder(capacity: 2)
        b.add(ev.names.name, .string(NixString(Array(parts.name))))
        b.add(ev.symbols.intern("version"), .string(NixString(Array(parts.version))))
        return .attrs(b.build())
      },
      .binary("hashString") { ev, algoV, sV, span throws(EvalError) in
        let algo = try ev.forceStringWithoutContext(algoV, at: span, "while evaluating the first argument passed to builtins.hashString").text
        guard ["md5", "sha1", "sha256", "sha512"].contains(algo) else {
          if algo == "blake3" {
            throw EvalError(.unavailable, "hash algorithm 'blake3' is not supported by nixinv", at: span)
          }
          throw EvalError(
            .other, "unknown hash algorithm '\(algo)', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'", at: span)
        }
        let s = try ev.forceString(sV, at: span, "while evaluating the second argument passed to builtins.hashString")
        return .string(Hashes.hex(Hashes.digest(algo, s.bytes)!))
      },
    ]
  }

  /// `builtins.replaceStrings from to s`: at each position the first pattern of `from` that
  /// matches is replaced (an empty pattern matches everywhere, also at the end, and the byte
  /// after it is kept); replacements are forced only when used.
  private static func replaceStrings(_ ev: Evaluator, _ fromV: Value, _ toV: Value, _ sV: Value, _ span: Span) throws(EvalError) -> Value {
    let fromList = try ev.forceList(fromV, at: span, "while evaluating the first argument passed to builtins.replaceStrings")
    let toList = try ev.forceList(toV, at: span, "while evaluating the second argument passed to builtins.replaceStrings")
    if fromList.count != toList.count {
      throw EvalError(.other, "'from' and 'to' arguments passed to builtins.replaceStrings have different lengths", at: span)
    }
    var from: [[UInt8]] = []
    from.reserveCapacity(fromList.count)
    for item in fromList.items {
      from.append(try ev.forceString(item, at: span, "while evaluating one of the strings to replace passed to builtins.replaceStrings").bytes)
    }
    let subject = try ev.forceString(sV, at: span, "while evaluating the third argument passed to builtins.replaceStrings")
    if from.isEmpty { return .string(subject) }
    let s = subject.bytes
    // Only strings with context pay for collecting it.
    var context: StringContext? = subject.hasContext ? subject.context : nil
    var replacements = [[UInt8]?](repeating: nil, count: from.count)
    var out: [UInt8] = []
    out.reserveCapacity(s.count)
    var p = 0
    let n = s.count
    while p <= n {
      var found = false
      for (i, pattern) in from.enumerated() {
        let m = pattern.count
        guard m <= n - p else { continue }
        var equal = true
        var k = 0
        while k < m {
          if s[p + k] != pattern[k] {
            equal = false
            break
          }
          k += 1
        }
        if !equal { continue }
        found = true
        if replacements[i] == nil {
          let replacement = try ev.forceString(
            toList.items[i], at: span, "while evaluating one of the replacement strings passed to builtins.replaceStrings")
          if replacement.hasContext {
            if context == nil { context = replacement.context } else { context!.formUnion(replacement.context) }
          }
          replacements[i] = replacement.bytes
        }
        out.append(contentsOf: replacements[i]!)
        if m == 0 {
          if p < n { out.append(s[p]) }
          p += 1
        } else {
          p += m
        }
        break
      }
      if !found {
        if p < n { out.append(s[p]) }
        p += 1
      }
    }
    if let context { return .string(NixString(out, context: context)) }
    return .string(NixString(out))
  }

  /// The compiled regular expression of a `match` or `split` call's first argument.
  private static func compileRegex(_ ev: Evaluator, _ v: Value, _ span: Span, _ name: String) throws(EvalError) -> NixRegex {
    let pattern = try ev.forceStringWithoutContext(v, at: span, "while evaluating the first argument passed to builtins.\(name)")
    do throws(NixRegex.SyntaxError) {
      return try NixRegex.cached(pattern.bytes)
    } catch {
      throw EvalError(.other, "invalid regular expression '\(pattern.text)'", at: span)
    }
  }

  /// The capture groups of a match as a list (null for a group that took no part).
  private static func groups(_ caps: [Int], _ count: Int, _ bytes: [UInt8]) -> Value {
    if count == 0 { return .list(.empty) }
    var items: [Value] = []
    items.reserveCapacity(count)
    for g in 1...count {
      let a = caps[2 * g]
      let b = caps[2 * g + 1]
      items.append(a < 0 || b < 0 ? .null : .string(NixString(Array(bytes[a..<b]))))
    }
    return .list(NixList(items))
  }
}
