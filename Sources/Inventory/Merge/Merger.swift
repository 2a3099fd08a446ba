import NixEval
import NixLexer
import NixParser

/// Merges definitions of an option as nixpkgs' module system does for the types clan's
/// inventory uses: `mkMerge` splices, `mkIf false` drops, only the definitions of the best
/// (lowest) `mkOverride` priority count, sets merge name by name, lists concatenate in `mkOrder`
/// order, and two different values of a single-valued option conflict, with both positions.
public final class Merger {
  /// When set, a conflict does not stop the merge: it is recorded in ``conflicts`` and the
  /// first definition's value is kept (so one machine's conflict hides nothing else).
  public var keepsGoing = false
  /// The conflicts recorded while ``keepsGoing``.
  public private(set) var conflicts: [InventoryError] = []
  /// When set (lint), an unknown option or a definition of the wrong type is recorded in
  /// ``problems`` and left out, and merging goes on.
  public var collectsProblems = false
  /// The problems recorded while ``collectsProblems``.
  public private(set) var problems: [InventoryError] = []
  /// The definitions of ``OptionType/deferred`` options, by path.
  public let deferredDefinitions = DeferredTree()

  public let evaluator: Evaluator
  let typeSymbol: Symbol
  let contentsSymbol: Symbol
  let contentSymbol: Symbol
  let conditionSymbol: Symbol
  let prioritySymbol: Symbol

  public init(_ evaluator: Evaluator) {
    self.evaluator = evaluator
    let s = evaluator.symbols
    typeSymbol = s.intern("_type")
    contentsSymbol = s.intern("contents")
    contentSymbol = s.intern("content")
    conditionSymbol = s.intern("condition")
    prioritySymbol = s.intern("priority")
  }

  /// Lets `change` adjust the problems recorded from index `start` on (the resolver words
  /// those of role settings for lint).
  func renameProblems(from start: Int, _ change: (inout InventoryError) -> Void) {
    for i in start..<problems.count { change(&problems[i]) }
  }

  // MARK: - Markers

  /// The definitions kept for a ``OptionType/deferred`` option at `path` (in definition order).
  public func deferred(at path: [String]) -> [Definition] { deferredDefinitions.node(at: path)?.definitions ?? [] }

  /// The definitions `definition` stands for once its markers are discharged (forced values).
  public func expand(_ definition: Definition, _ path: [String]) throws(InventoryError) -> [Definition] {
    var out: [Definition] = []
    try expand(definition, path, into: &out, depth: 0)
    return out
  }

  private func expand(_ definition: Definition, _ path: [String], into out: inout [Definition], depth: Int) throws(InventoryError) {
    var d = definition
    d.value = try evaluating { () throws(EvalError) in try evaluator.force(definition.value) }
    guard case .attrs(let attrs) = d.value, let typeValue = attrs[typeSymbol], depth < 1000 else {
      out.append(d)
      return
    }
    let kind = try evaluating { () throws(EvalError) in try evaluator.force(typeValue) }
    guard case .string(let name) = kind else {
      out.append(d)
      return
    }
    func field(_ symbol: Symbol) -> Value { attrs[symbol] ?? .null }
    switch name.text {
    case "merge":
      let list = try evaluating { () throws(EvalError) in
        try evaluator.forceList(field(contentsSymbol), at: d.span, "while evaluating the contents of mkMerge")
      }
      for item in list.items {
        var inner = d
        inner.value = item
        try expand(inner, path, into: &out, depth: depth + 1)
      }
    case "if":
      let condition = try evaluating { () throws(EvalError) in
        try evaluator.forceBool(field(conditionSymbol), at: d.span, "while evaluating the condition of mkIf")
      }
      if condition {
        var inner = d
        inner.value = field(contentSymbol)
        try expand(inner, path, into: &out, depth: depth + 1)
      }
    case "override", "order":
      let priority = try evaluating { () throws(EvalError) in
        try evaluator.forceInt(field(prioritySymbol), at: d.span, "while evaluating a priority")
      }
      var inner = d
      inner.value = field(contentSymbol)
      if name.text == "override" { inner.priority = Int(clamping: priority) } else { inner.order = Int(clamping: priority) }
      try expand(inner, path, into: &out, depth: depth + 1)
    default:
      out.append(d)
    }
  }

  // MARK: - Merging

  /// The merged value of `definitions` (in the order given) as an option of `type` at `path`;
  /// `nil` when every definition was dropped (`mkIf false`).
  public func merge(_ definitions: [Definition], _ type: OptionType, _ path: [String]) throws(InventoryError) -> Plain? {
    if case .deferred = type {
      deferredDefinitions.add(definitions, at: path)
      return .null
    }
    var defs: [Definition] = []
    for d in definitions { defs += try expand(d, path) }
    guard let best = defs.map(\.priority).min() else { return nil }
    if defs.count > 1 { defs.removeAll { $0.priority != best } }
    guard collectsProblems else { return try mergeExpanded(defs, type, path) }
    do throws(InventoryError) {
      return try mergeExpanded(defs, type, path)
    } catch where error.code == .wrongType || error.code == .unknownOption || error.code == .unknownSetting {
      problems.append(error)
      return nil
    }
  }

  private func mergeExpanded(_ defs: [Definition], _ type: OptionType, _ path: [String]) throws(InventoryError) -> Plain {
    switch type {
    case .string, .bool, .int, .enumeration, .pathOrString, .float, .intBetween, .strMatching, .singleLineString, .path:
      var values: [Plain] = []
      for d in defs { values.append(try scalar(d, type, path)) }
      return try unique(values, defs, path)
    case .separatedString(let separator):
      var parts: [String] = []
      for d in defs {
        guard case .string(let s) = try scalar(d, .string, path) else { continue }
        parts.append(s)
      }
      return .string(parts.joined(separator: separator))
    case .raw:
      return try plain(defs[0].value, defs[0].span, path, listsConcatenate: false)
    case .deferredModule:
      if defs.count == 1 { return try plain(defs[0].value, defs[0].span, path, listsConcatenate: false) }
      var modules: [Plain] = []
      for d in defs { modules.append(try plain(d.value, d.span, path, listsConcatenate: false)) }
      return .list(modules)
    case .unspecified:
      // nixpkgs' mergeDefaultOption: one value as it is, lists concatenated, sets updated.
      if defs.count == 1 { return try plain(defs[0].value, defs[0].span, path, listsConcatenate: false) }
      let values = try defs.map { d throws(InventoryError) in try evaluating { () throws(EvalError) in try evaluator.force(d.value) } }
      if values.allSatisfy({ if case .list = $0 { true } else { false } }) {
        return try mergeExpanded(defs, .listOf(.unspecified), path)
      }
      if values.allSatisfy({ if case .attrs = $0 { true } else { false } }) { return try mergeExpanded(defs, .attrs, path) }
      var plains: [Plain] = []
      for d in defs { plains.append(try plain(d.value, d.span, path, listsConcatenate: false)) }
      return try unique(plains, defs, path)
    case .attrs:
      // Later definitions' names win (`//`), as nixpkgs' `types.attrs` merges.
      var result = PlainObject()
      for d in defs {
        guard case .attrs = try evaluating({ () throws(EvalError) in try evaluator.force(d.value) }) else {
          throw typeError(d, type, path)
        }
        guard case .object(let o) = try plain(d.value, d.span, path, listsConcatenate: false) else { continue }
        for (k, v) in o.entries { result.set(k, v, at: o.span(of: k) ?? d.span) }
      }
      return .object(result)
    case .either(let a, let b):
      var values: [Value] = []
      for d in defs {
        let v = try evaluating { () throws(EvalError) in try evaluator.force(d.value) }
        guard try checks(v, type) else { throw typeError(d, type, path) }
        values.append(v)
      }
      if try all(values, check: a) { return try mergeExpanded(defs, a, path) }
      if try all(values, check: b) { return try mergeExpanded(defs, b, path) }
      var plains: [Plain] = []
      for d in defs { plains.append(try plain(d.value, d.span, path, listsConcatenate: false)) }
      return try unique(plains, defs, path)
    case .coercedTo(let from, let function, let to):
      var coerced: [Definition] = []
      for d in defs {
        let v = try evaluating { () throws(EvalError) in try evaluator.force(d.value) }
        if try checks(v, to) {
          coerced.append(d)
        } else if try checks(v, from) {
          var c = d
          c.value = try evaluating { () throws(EvalError) in try evaluator.call(function, v, at: d.span) }
          coerced.append(c)
        } else {
          throw typeError(d, type, path)
        }
      }
      return try mergeExpanded(coerced, to, path)
    case .lazyAttrsOf(let element):
      return try mergeExpanded(defs, .attrsOf(element), path)
    case .deferred:
      deferredDefinitions.add(defs, at: path)
      return .null
    case .nullOr(let inner):
      // The whole type is checked first, so that a wrong value is "not of type `null or …'".
      for d in defs where !(try checks(try evaluating({ () throws(EvalError) in try evaluator.force(d.value) }), type)) {
        throw typeError(d, type, path)
      }
      let nulls = defs.filter { if case .null = $0.value { true } else { false } }
      if nulls.count == defs.count { return .null }
      if !nulls.isEmpty {
        let other = defs.first { if case .null = $0.value { false } else { true } }!
        var e = InventoryError(.configConflict, "The option `\(dotted(path))' is defined both null and not null, in `\(position(nulls[0].span))' and `\(position(other.span))'.", at: other.span)
        e.related = [("defined null here", nulls[0].span)]
        throw e
      }
      return try mergeExpanded(defs, inner, path)
    case .listOf(let element):
      var items: [Plain] = []
      for d in defs.sorted(by: { $0.order < $1.order }) {
        guard case .list(let list) = d.value else { throw typeError(d, type, path) }
        for (i, item) in list.items.enumerated() {
          if let v = try merge([Definition(item, at: d.span)], element, path + ["[definition \(i + 1)-entry]"]) {
            items.append(v)
          }
        }
      }
      return .list(items)
    case .attrsOf(let element):
      return try mergeSets(defs, path, as: type) { _ throws(InventoryError) in element }
    case .submodule(let module):
      return try mergeSets(defs, path, as: type) { name throws(InventoryError) in
        if let t = module.options[name] { return t }
        if let t = module.freeform { return t }
        throw unknownOption(name, module, defs, path)
      }
    case .namesOrAttrsOf(let element):
      var sets: [Definition] = []
      var names = PlainObject()
      for d in defs {
        if case .list(let list) = d.value {
          for item in list.items {
            let v = try scalar(Definition(item, at: d.span), .string, path)
            if case .string(let name) = v, names[name] == nil { names.set(name, .object(PlainObject()), at: d.span) }
          }
        } else {
          sets.append(d)
        }
      }
      guard !sets.isEmpty else { return .object(names) }
      guard case .object(var merged) = try mergeSets(sets, path, as: type, { _ throws(InventoryError) in element }) else { return .object(names) }
      for (k, v) in names.entries where merged[k] == nil { merged.set(k, v, at: names.span(of: k) ?? .unknown) }
      return .object(merged)
    case .anything(let concatenate):
      if defs.allSatisfy({ if case .attrs = $0.value { true } else { false } }) {
        return try mergeSets(defs, path, as: type) { _ throws(InventoryError) in type }
      }
      if concatenate, defs.allSatisfy({ if case .list = $0.value { true } else { false } }) {
        return try mergeExpanded(defs, .listOf(type), path)
      }
      var values: [Plain] = []
      for d in defs { values.append(try plain(d.value, d.span, path, listsConcatenate: concatenate)) }
      return try unique(values, defs, path)
    }
  }

  /// Sets merged name by name; `typeOf` gives each name's type (or throws for an unknown name).
  private func mergeSets(
    _ defs: [Definition], _ path: [String], as setType: OptionType, _ typeOf: (String) throws(InventoryError) -> OptionType
  ) throws(InventoryError) -> Plain {
    var sets: [(Attrs, Definition)] = []
    for d in defs {
      guard case .attrs(let a) = d.value else {
        if case .anything = setType { throw typeError(d, .attrsOf(.anything(listsConcatenate: false)), path) }
        throw typeError(d, setType, path)
      }
      sets.append((a, d))
    }
    var result = PlainObject()
    if sets.count == 1 {
      let (a, d) = sets[0]
      let keys = a.keys
      let values = a.values
      let positions = a.positions
      var named: [(String, Int)] = keys.indices.map { (evaluator.symbols[keys[$0]], $0) }
      named.sort { bytewise($0.0, $1.0) }
      for (name, i) in named {
        let span = positions[i].isKnown ? positions[i] : d.span
        guard let t = try optionType(name, typeOf) else { continue }
        if let v = try merge([Definition(values[i], at: span)], t, path + [name]) { result.append(name, v, at: span) }
      }
      return .object(result)
    }
    var byName: [String: [Definition]] = [:]
    var order: [String] = []
    for (a, d) in sets {
      let keys = a.keys
      let values = a.values
      let positions = a.positions
      for i in keys.indices {
        let name = evaluator.symbols[keys[i]]
        let span = positions[i].isKnown ? positions[i] : d.span
        if byName[name] == nil { order.append(name) }
        byName[name, default: []].append(Definition(values[i], at: span))
      }
    }
    order.sort(by: bytewise)
    for name in order {
      guard let t = try optionType(name, typeOf) else { continue }
      let children = byName[name]!
      if let v = try merge(children, t, path + [name]) { result.append(name, v, at: children[0].span) }
    }
    return .object(result)
  }

  /// The type of option `name`; `nil` (the problem recorded) for an unknown one while
  /// ``collectsProblems``.
  private func optionType(_ name: String, _ typeOf: (String) throws(InventoryError) -> OptionType) throws(InventoryError) -> OptionType? {
    do throws(InventoryError) {
      return try typeOf(name)
    } catch where collectsProblems && (error.code == .unknownOption || error.code == .unknownSetting) {
      problems.append(error)
      return nil
    }
  }

  /// One definition of a single-valued option, checked against its type.
  private func scalar(_ d: Definition, _ type: OptionType, _ path: [String]) throws(InventoryError) -> Plain {
    let value = try evaluating { () throws(EvalError) in try evaluator.force(d.value) }
    guard try checks(value, type) else { throw typeError(Definition(value, at: d.span), type, path) }
    switch value {
    case .string(let s): return .string(s.text)
    case .path(let p): return .string(p.string)
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .float(let f): return .float(f)
    default: throw typeError(Definition(value, at: d.span), type, path)
    }
  }

  /// Whether a forced `value` passes `type`'s check, which (as nixpkgs' `check`) looks only
  /// at the value's outermost shape: a list for `listOf`, a set for `attrsOf`.
  func checks(_ value: Value, _ type: OptionType) throws(InventoryError) -> Bool {
    switch (type, value) {
    case (.string, .string), (.pathOrString, .string), (.pathOrString, .path), (.bool, .bool), (.int, .int),
      (.float, .float):
      return true
    case (.intBetween(let lo, let hi, _), .int(let i)): return (lo.map { i >= $0 } ?? true) && (hi.map { i <= $0 } ?? true)
    case (.enumeration(let cases), .string(let s)): return cases.contains(s.text)
    case (.strMatching(let pattern), .string(let s)):
      return try evaluating { () throws(EvalError) in try evaluator.matches(pattern: Array(pattern.utf8), s.bytes) }
    case (.singleLineString, .string(let s)):
      let body = s.bytes.last == 0x0A ? s.bytes.dropLast() : s.bytes[...]
      return !body.contains(0x0A)
    case (.separatedString, .string): return true
    case (.path, .path): return true
    case (.path, .string(let s)): return s.bytes.first == 0x2F
    case (.anything, _), (.raw, _), (.unspecified, _), (.deferred, _): return true
    case (.deferredModule, .attrs), (.deferredModule, .lambda), (.deferredModule, .primop), (.deferredModule, .path): return true
    case (.attrs, .attrs), (.attrsOf, .attrs), (.lazyAttrsOf, .attrs), (.namesOrAttrsOf, .attrs), (.namesOrAttrsOf, .list):
      return true
    case (.submodule, .attrs), (.submodule, .lambda), (.submodule, .path): return true
    case (.listOf, .list): return true
    case (.nullOr, .null): return true
    case (.nullOr(let t), _): return try checks(value, t)
    case (.either(let a, let b), _):
      if try checks(value, a) { return true }
      return try checks(value, b)
    case (.coercedTo(let from, _, let to), _):
      if try checks(value, to) { return true }
      return try checks(value, from)
    default: return false
    }
  }

  /// Whether every value passes `type`'s check.
  private func all(_ values: [Value], check type: OptionType) throws(InventoryError) -> Bool {
    for v in values where !(try checks(v, type)) { return false }
    return true
  }

  /// The single value of several equal definitions, or a conflict.
  private func unique(_ values: [Plain], _ defs: [Definition], _ path: [String]) throws(InventoryError) -> Plain {
    for i in values.indices.dropFirst() where values[i] != values[0] {
      var e = InventoryError(
        .configConflict,
        """
        The option `\(dotted(path))' has conflicting definition values:
               - In `\(position(defs[0].span))': \(describe(values[0]))
               - In `\(position(defs[i].span))': \(describe(values[i]))
               Use `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.
        """, at: defs[i].span)
      e.related = [("first defined here", defs[0].span)]
      e.subject = path.last
      e.lintMessage = "`\(dotted(path))' has conflicting definitions: \(describe(values[i])) and \(describe(values[0]))"
      guard keepsGoing else { throw e }
      conflicts.append(e)
      break
    }
    return values[0]
  }

  /// A value made plain as `types.anything` merges a single definition (markers discharged).
  func plain(_ value: Value, _ span: Span, _ path: [String], listsConcatenate: Bool) throws(InventoryError) -> Plain {
    guard path.count < 200 else {
      throw InventoryError(.wrongType, "The option `\(dotted(path.prefix(20)))…' nests too deep.", at: span)
    }
    let forced = try evaluating { () throws(EvalError) in try evaluator.force(value) }
    switch forced {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .float(let f): return .float(f)
    case .string(let s): return .string(s.text)
    case .path(let p): return .string(p.string)
    case .list(let l):
      var items: [Plain] = []
      items.reserveCapacity(l.count)
      for item in l.items {
        if let v = try merge([Definition(item, at: span)], .anything(listsConcatenate: listsConcatenate), path) { items.append(v) }
      }
      return .list(items)
    case .attrs:
      return try merge([Definition(forced, at: span)], .anything(listsConcatenate: listsConcatenate), path) ?? .object(PlainObject())
    default:
      return .string("«\(forced.typeName)»")
    }
  }

  // MARK: - Messages

  func position(_ span: Span) -> String {
    guard span.isKnown, let file = evaluator.sources.file(span.file) else { return "<unknown-file>" }
    return "\(file.name):\(file.location(of: span.start))"
  }

  func describe(_ value: Plain) -> String {
    switch value {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .float(let f): return formatFloat(f)
    case .string(let s): return evaluator.describe(.string(s))
    case .list(let items): return "[ " + items.map(describe).map { $0 + " " }.joined() + "]"
    case .object(let o): return "{ " + o.entries.map { "\(attrName($0.0)) = \(describe($0.1)); " }.joined() + "}"
    }
  }

  private func attrName(_ name: String) -> String {
    isPlainIdentifier(name) ? name : evaluator.describe(.string(name))
  }

  private func typeError(_ d: Definition, _ type: OptionType, _ path: [String]) -> InventoryError {
    let shown = (try? plain(d.value, d.span, path, listsConcatenate: false)).map(describe) ?? evaluator.describe(d.value)
    var e = InventoryError(
      .wrongType,
      "A definition for option `\(dotted(path))' is not of type `\(type.description)'. Definition values:\n       - In `\(position(d.span))': \(shown)",
      at: d.span)
    // The name the definition is under (lint narrows the position to it).
    if let last = path.last, !last.hasPrefix("[") { e.subject = last }
    e.lintMessage = "`\(dotted(path.suffix(from: lintStart(path))))' is \(shown), not of type `\(type.description)'"
    return e
  }

  private func unknownOption(_ name: String, _ module: Submodule, _ defs: [Definition], _ path: [String]) -> InventoryError {
    var span = defs[0].span
    let symbol = evaluator.symbols.intern(name)
    for d in defs {
      if case .attrs(let a) = d.value, a.index(of: symbol) != nil {
        span = a.position(of: symbol).flatMap { $0.isKnown ? $0 : nil } ?? d.span
        break
      }
    }
    let known = module.options.keys.sorted()
    var e = InventoryError(module.unknownCode, "The option `\(dotted(path + [name]))' does not exist.", at: span)
    e.subject = name
    if let guess = closest(to: name, in: known) {
      e.help = "did you mean `\(guess)'? Options here: \(known.joined(separator: ", "))"
    } else {
      e.help = "options here: \(known.joined(separator: ", "))"
    }
    return e
  }
}

/// Definitions kept for later, by option path, as a tree (so that a caller can look up the
/// part under one instance once, then each machine by name).
public final class DeferredTree {
  public private(set) var definitions: [Definition] = []
  public private(set) var children: [String: DeferredTree] = [:]

  public init() {}

  /// Adds definitions at `path`.
  func add(_ defs: [Definition], at path: [String]) {
    var node = self
    for name in path {
      if let child = node.children[name] {
        node = child
      } else {
        let child = DeferredTree()
        node.children[name] = child
        node = child
      }
    }
    node.definitions += defs
  }

  /// The node at `path` (relative to this one), if anything was added under it.
  public func node<S: Sequence>(at path: S) -> DeferredTree? where S.Element == String {
    var node = self
    for name in path {
      guard let child = node.children[name] else { return nil }
      node = child
    }
    return node
  }

  /// The definitions at `path` below this node.
  public func definitions(at path: String...) -> [Definition] { node(at: path)?.definitions ?? [] }
}

/// Where the part of an option path a lint message shows starts: after a role's `settings`
/// (`roles.<r>.settings`, `machines.<m>.settings`, `tags.<t>.settings`: a setting is named
/// from its role), else at the start.
func lintStart(_ path: [String]) -> Int {
  for i in path.indices.dropFirst(2) where path[i] == "settings" && ["roles", "machines", "tags"].contains(path[i - 2]) {
    return i + 1
  }
  return 0
}

/// `a.b.c` (names that are not identifiers quoted).
func dotted<S: Sequence>(_ path: S) -> String where S.Element == String {
  path.map { isPlainIdentifier($0) || $0.hasPrefix("[") || $0.hasPrefix("<") ? $0 : "\"\($0)\"" }.joined(separator: ".")
}
