#if canImport(Glibc)
  import Glibc
#endif
import NixLexer
import NixParser

extension CoreEvaluator {
  /// Builtins: genericClosure, groupBy, floor, ceil, warn, traceVerbose, break, findFile, toPath.
  func registerMore() {
    define("genericClosure", 1) { ev, a, _, _, span throws(CoreError) in try ev.genericClosure(a, at: span) }
    define("groupBy", 2) { ev, f, a, _, span throws(CoreError) in try ev.groupBy(f, a, at: span) }
    define("floor", 1) { ev, a, _, _, span throws(CoreError) in try ev.rounded(a, "floor", Glibc.floor, at: span) }
    define("ceil", 1) { ev, a, _, _, span throws(CoreError) in try ev.rounded(a, "ceil", Glibc.ceil, at: span) }
    define("traceVerbose", 2) { ev, _, b, _, _ throws(CoreError) in try ev.force(b) }
    define("break", 1) { ev, a, _, _, _ throws(CoreError) in try ev.force(a) }
    define("warn", 2) { ev, a, b, _, span throws(CoreError) in
      let s = try ev.forceStringValue(a, span, "while evaluating the first argument passed to builtins.warn")
      var line = "evaluation warning: \(StringRecord(s).text)\n"
      line.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
      return try ev.force(b)
    }
    define("toPath", 1) { ev, a, _, _, span throws(CoreError) in
      let s = try ev.coerceToString(a, span)
      let bytes = Array(StringRecord(s).bytes)
      guard bytes.first == UInt8(ascii: "/") else {
        throw CoreError(.other, "string '\(StringRecord(s).text)' doesn't represent an absolute path", at: span)
          .adding("while evaluating the first argument passed to builtins.toPath", at: span)
      }
      return ev.string(ev.canonicalPath(bytes), context: StringRecord(s).context)
    }
    define("findFile", 2) { ev, a, b, _, span throws(CoreError) in try ev.findFile(a, b, at: span) }
  }

  /// `builtins.floor` / `builtins.ceil`: an integer stays, a float is rounded to an integer.
  func rounded(_ v: Value, _ name: String, _ f: (Double) -> Double, at span: Span) throws(CoreError) -> Value {
    let x = try force(v)
    if x.tag == .int { return x }
    guard x.tag == .float else {
      throw typeError(x, "a float", at: span, "while evaluating the first argument passed to builtins.\(name)")
    }
    let r = f(x.asFloat)
    guard r.isFinite, r >= -9.223372036854775808e18, r < 9.223372036854775808e18 else {
      throw CoreError(.other, "value \(NixSyntax.formatFloat(x.asFloat)) cannot be represented as an integer", at: span)
    }
    return .int(Int64(r))
  }

  /// `builtins.groupBy f list`: the elements under the name `f` gives each, in list order.
  func groupBy(_ f: Value, _ a: Value, at span: Span) throws(CoreError) -> Value {
    let fn = try forceFunction(f, span, "while evaluating the first argument passed to builtins.groupBy")
    let list = try forceList(a, span, "while evaluating the second argument passed to builtins.groupBy")
    if list.count == 0 { return emptyAttrs }
    // Each element's group symbol; then the elements ordered by (symbol, index).
    var keys: [(symbol: UInt32, index: Int)] = []
    keys.reserveCapacity(list.count)
    for i in 0..<list.count {
      let name = try forceStringValue(
        try call(fn, list[i], at: span), span,
        "while evaluating the return value of the grouping function passed to builtins.groupBy")
      keys.append((intern(name), i))
    }
    keys.sort { ($0.symbol, $0.index) < ($1.symbol, $1.index) }
    var groupCount = 0
    for (j, key) in keys.enumerated() where j == 0 || keys[j - 1].symbol != key.symbol { groupCount += 1 }
    let out = makeAttrs(groupCount)
    var s = 0, g = 0
    while s < keys.count {
      var e = s + 1
      while e < keys.count && keys[e].symbol == keys[s].symbol { e += 1 }
      let members = makeList(e - s)
      for m in s..<e { members[m - s] = list[keys[m].index] }
      out.set(g, symbol: keys[s].symbol, position: -1, value: Value(.list, record: members.base))
      g += 1
      s = e
    }
    out.setCount(g)
    return Value(.attrs, record: out.base)
  }

  /// `builtins.findFile searchPath name`: the first entry whose prefix matches and whose file exists.
  func findFile(_ searchPath: Value, _ nameValue: Value, at span: Span) throws(CoreError) -> Value {
    let list = try forceList(searchPath, span, "while evaluating the first argument passed to builtins.findFile")
    let name = StringRecord(try forceStringValue(nameValue, span, "while evaluating the second argument passed to builtins.findFile")).text
    let prefixSymbol = symbols.intern("prefix").id, pathSymbol = symbols.intern("path").id
    for i in 0..<list.count {
      let entry = AttrsRecord(try forceAttrs(list[i], span, "while evaluating an element of the search path"))
      var prefix = ""
      if let p = entry.find(prefixSymbol) {
        prefix = StringRecord(try forceStringValue(entry.value(p), span, "while evaluating the prefix of a search path entry")).text
      }
      guard let p = entry.find(pathSymbol) else { continue }
      let root = StringRecord(try coerceToString(entry.value(p), span)).text
      var rest: Substring
      if prefix.isEmpty {
        rest = Substring(name)
      } else if name == prefix {
        rest = ""
      } else if name.hasPrefix(prefix + "/") {
        rest = name.dropFirst(prefix.count + 1)
      } else {
        continue
      }
      let candidate = canonicalPath(Array((rest.isEmpty ? root : root + "/" + rest).utf8))
      var info = stat()
      if String(decoding: candidate, as: UTF8.self).withCString({ stat($0, &info) }) == 0 {
        return string(candidate, tag: .path)
      }
    }
    throw CoreError(.thrown, "file '\(name)' was not found in the Nix search path (add it using $NIX_PATH or -I)", at: span)
  }

  // MARK: - genericClosure

  /// `builtins.genericClosure { startSet; operator; }`: a breadth-first walk from `startSet`,
  /// calling `operator` on each element whose `key` was not seen before. Keys are equal as Nix's
  /// ordered set (by `<`) finds them; they are kept as plain data in a hash set, so each
  /// element costs one lookup.
  func genericClosure(_ argument: Value, at span: Span) throws(CoreError) -> Value {
    let args = AttrsRecord(try forceAttrs(argument, span, "while evaluating the first argument passed to builtins.genericClosure"))
    let context = "in the attrset passed as argument to builtins.genericClosure"
    let startSymbol = symbols.intern("startSet").id, operatorSymbol = symbols.intern("operator").id
    let keySymbol = symbols.intern("key").id
    guard let s = args.find(startSymbol) else {
      throw CoreError(.missingAttribute, "attribute 'startSet' missing", at: span).adding(context, at: span)
    }
    let start = try forceList(args.value(s), span, "while evaluating the 'startSet' attribute passed as argument to builtins.genericClosure")
    if start.count == 0 { return emptyList }
    guard let o = args.find(operatorSymbol) else {
      throw CoreError(.missingAttribute, "attribute 'operator' missing", at: span).adding(context, at: span)
    }
    let op = try forceFunction(args.value(o), span, "while evaluating the 'operator' attribute passed as argument to builtins.genericClosure")

    // Heap lists (the collector sees them through these locals): the work queue and the result.
    var queue = makeList(max(16, start.count * 2))
    var queued = 0, next = 0
    for i in 0..<start.count { queue[i] = start[i] }
    queued = start.count
    var result = makeList(16)
    var kept = 0
    var seen = Set<ClosureKey>()
    var firstKey: Value = .null
    while next < queued {
      let element = try force(queue[next])
      next += 1
      guard element.tag == .attrs else {
        throw typeError(element, "a set", at: span, "in genericClosure element \(errorText(element))")
      }
      guard let k = AttrsRecord(element).find(keySymbol) else {
        throw CoreError(.missingAttribute, "attribute 'key' missing", at: span)
          .adding("in genericClosure element \(errorText(element))", at: span)
      }
      let key = try force(AttrsRecord(element).value(k))
      // Keys must be comparable with each other: the first one is compared with each new kind.
      if kept == 0 { firstKey = key } else if key.tag != firstKey.tag { _ = try lessThan(key, firstKey, at: span) }
      guard seen.insert(try closureKey(key, at: span)).inserted else { continue }
      if kept == result.count { result = grown(result, kept, to: kept * 2) }
      result[kept] = element
      kept += 1
      let produced: ListRecord
      do throws(CoreError) {
        produced = try forceList(
          try call(op, element, at: span), span,
          "while evaluating the return value of the `operator` passed to builtins.genericClosure")
      } catch {
        throw error.adding("while calling operator on genericClosure element \(errorText(element))", at: span)
      }
      if produced.count == 0 { continue }
      if queued + produced.count > queue.count {
        // Done items are dropped when the queue is copied, so that it does not grow without bound.
        let live = queued - next
        let bigger = makeList(max(16, (live + produced.count) * 2))
        for j in 0..<live { bigger[j] = queue[next + j] }
        queue = bigger
        queued = live
        next = 0
      }
      for j in 0..<produced.count { queue[queued + j] = produced[j] }
      queued += produced.count
    }
    result.setCount(kept)
    return Value(.list, record: result.base)
  }

  /// A copy of the first `count` items of `list` in a list of `capacity`.
  func grown(_ list: ListRecord, _ count: Int, to capacity: Int) -> ListRecord {
    let bigger = makeList(capacity)
    for i in 0..<count { bigger[i] = list[i] }
    return bigger
  }

  /// A `genericClosure` key as plain data: two keys are equal exactly when neither is `<` the other.
  func closureKey(_ v: Value, at span: Span) throws(CoreError) -> ClosureKey {
    switch v.tag {
    case .int: return .int(v.asInt)
    case .float:
      let d = v.asFloat
      if d == d.rounded(), d >= -9.223372036854775808e18, d < 9.223372036854775808e18 { return .int(Int64(d)) }
      return .float(d.bitPattern)
    case .string: return .string(Array(StringRecord(v).bytes))
    case .path: return .path(Array(StringRecord(v).bytes))
    case .list:
      let l = ListRecord(v)
      var items: [ClosureKey] = []
      items.reserveCapacity(l.count)
      for i in 0..<l.count { items.append(try closureKey(try force(l[i]), at: span)) }
      return .list(items)
    default:
      throw CoreError(.type, "cannot compare \(v.typeDescription) with \(v.typeDescription)", at: span)
    }
  }
}

/// What `genericClosure` remembers of a key.
enum ClosureKey: Hashable {
  case int(Int64)
  case float(UInt64)
  case string([UInt8])
  case path([UInt8])
  case list([ClosureKey])
}
