import NixLexer
import NixParser

extension Evaluator {
  // MARK: - Variables

  /// A variable's (possibly unevaluated) value.
  @inline(__always)
  func lookup(_ v: Variable, _ env: Env) throws(EvalError) -> Value {
    switch v.binding {
    case .local(let level, let slot):
      return env.value(level: level, slot: slot)
    case .dynamic(let level):
      var frame: Env? = env
      for _ in 0..<level { frame = frame?.parent }
      while let f = frame {
        if f.isWith {
          let scope = try forceAttrs(f[0], at: v.span, "while evaluating the first subexpression of a with expression")
          if let value = scope[v.name] { return value }
        }
        frame = f.parent
      }
      throw EvalError(.undefinedVariable, "undefined variable '\(symbols[v.name])'", at: v.span)
    case .unresolved:
      throw EvalError(.undefinedVariable, "undefined variable '\(symbols[v.name])'", at: v.span)
    }
  }

  // MARK: - Attribute sets and let

  /// The order of a set's static entries by symbol id, computed once per set node.
  func sortedOrder(_ set: AttrSet) -> [Int] {
    if let order = set.evaluationOrder { return order }
    let order = set.entries.indices.sorted { set.entries[$0].name.id < set.entries[$1].name.id }
    set.evaluationOrder = order
    return order
  }

  /// The value of one static entry, evaluated in `scope` (the set's own frame for `rec` and
  /// `let`), with `inherit (source)` values taken from `sources`.
  @inline(__always)
  func entryValue(_ entry: AttrEntry, _ scope: Env, _ sources: [Value], filling: Bool) throws(EvalError) -> Value {
    switch entry.value {
    case .plain(let e): return filling ? delayInScope(e, scope) : delay(e, scope)
    case .inherited(let v):
      if case .local = v.binding { return try lookup(v, scope) }
      return .thunk(Thunk(.variable(v), scope))
    case .inheritedFrom(let index):
      let source = sources[Int(index)]
      let name = entry.name
      let span = entry.span
      return .thunk(
        Thunk { [unowned self] () throws(EvalError) -> Value in
          let set = try self.forceAttrs(source, at: span, "while evaluating the source of an inherit")
          guard let value = set[name] else { throw self.missingAttribute(name, in: set, at: span) }
          return value
        })
    }
  }

  func evalAttrSet(_ set: AttrSet, _ env: Env) throws(EvalError) -> Value {
    if set.entries.isEmpty && set.dynamicAttrs.isEmpty { return .attrs(.empty) }
    let scope: Env
    if set.isRecursive {
      scope = Env.make(parent: env, count: set.entries.count)
    } else {
      scope = env
    }
    let sources = set.inheritSources.map { set.isRecursive ? delayInScope($0, scope) : delay($0, scope) }
    let order = sortedOrder(set)
    var values: [Value] = []
    values.reserveCapacity(order.count)
    if set.isRecursive {
      for (i, entry) in set.entries.enumerated() {
        // Plain `inherit x` in a `rec` set reads the enclosing scope, one frame out.
        scope[i] = try entryValue(entry, scope, sources, filling: true)
      }
      for i in order { values.append(scope[i]) }
    } else {
      for i in order { values.append(try entryValue(set.entries[i], scope, sources, filling: false)) }
    }
    let keys: [Symbol]
    let positions: [Span]
    if let k = set.sortedNames, let p = set.sortedSpans {
      keys = k
      positions = p
    } else {
      keys = order.map { set.entries[$0].name }
      positions = order.map { set.entries[$0].span }
      set.sortedNames = keys
      set.sortedSpans = positions
    }
    var attrs = Attrs(sortedKeys: keys, values: values, positions: positions)
    if set.isRecursive, let overrides = attrs[names.overrides] {
      attrs = try applyOverrides(overrides, to: attrs, set: set, scope: scope)
    }
    if set.dynamicAttrs.isEmpty { return .attrs(attrs) }
    return .attrs(try addDynamicAttrs(set.dynamicAttrs, to: attrs, scope))
  }

  /// `rec { __overrides = { … }; … }`: the overrides replace attributes, also as seen from
  /// inside the set.
  func applyOverrides(_ overrides: Value, to attrs: Attrs, set: AttrSet, scope: Env) throws(EvalError) -> Attrs {
    let o = try forceAttrs(overrides, at: set.span, "while evaluating __overrides")
    for (i, name) in o.keys.enumerated() {
      if let slot = set.index(of: name) { scope[slot] = o.values[i] }
    }
    return attrs.updated(with: o)
  }

  /// Adds `"${name}" = value;` attributes, evaluated in `scope`.
  func addDynamicAttrs(_ dynamic: [DynamicAttr], to attrs: Attrs, _ scope: Env) throws(EvalError) -> Attrs {
    var builder = AttrsBuilder(capacity: attrs.count + dynamic.count)
    for i in 0..<attrs.count { builder.add(attrs.keys[i], attrs.values[i], at: attrs.positions[i]) }
    var seen: [Symbol: Span] = [:]
    for attr in dynamic {
      let nameValue = try force(try eval(attr.name, scope))
      if case .null = nameValue { continue }
      let nameString = try forceStringWithoutContext(nameValue, at: attr.name.span, "while evaluating the name of a dynamic attribute")
      let name = symbol(of: nameString)
      if let previous = seen[name] ?? (attrs.index(of: name).map { attrs.positions[$0] }) {
        var message = "dynamic attribute '\(symbols[name])' already defined"
        if previous.isKnown { message += " at \(positionText(previous))" }
        throw EvalError(.other, message, at: attr.span)
      }
      seen[name] = attr.span
      builder.add(name, delay(attr.value, scope), at: attr.span)
    }
    return builder.build()
  }

  /// `FILE:LINE:COL` of a span.
  public func positionText(_ span: Span) -> String {
    guard let file = sources.file(span.file) else { return "«unknown»" }
    return "\(file.name):\(file.location(of: span.start))"
  }

  /// The environment of a `let`'s body.
  func bindLet(_ bindings: AttrSet, _ env: Env) throws(EvalError) -> Env {
    let scope = Env.make(parent: env, count: bindings.entries.count)
    let sources = bindings.inheritSources.map { delayInScope($0, scope) }
    for (i, entry) in bindings.entries.enumerated() {
      scope[i] = try entryValue(entry, scope, sources, filling: true)
    }
    return scope
  }

  // MARK: - Selection

  /// The name of one attribute path element.
  @inline(__always)
  func attrName(_ element: AttrName, _ env: Env) throws(EvalError) -> Symbol {
    switch element {
    case .name(let s, _): return s
    case .dynamic(let e, let span):
      let s = try forceStringWithoutContext(try eval(e, env), at: span, "while evaluating an attribute name")
      return symbol(of: s)
    }
  }

  func evalSelect(_ e: Select, _ env: Env) throws(EvalError) -> Value {
    var current = try eval(e.target, env)
    for element in e.path {
      let name = try attrName(element, env)
      guard case .attrs(let set) = current else {
        if let fallback = e.fallback { return try eval(fallback, env) }
        throw typeError("a set", current, at: element.span, "while selecting an attribute")
      }
      guard let next = set[name] else {
        if let fallback = e.fallback { return try eval(fallback, env) }
        throw missingAttribute(name, in: set, at: element.span)
      }
      do {
        current = try force(next)
      } catch {
        throw error.adding("while evaluating the attribute '\(pathText(e.path, upTo: element, env))'", at: element.span)
      }
    }
    return current
  }

  /// "attribute 'x' missing" (as builtins such as `getAttr` report it, without suggestions).
  func missingAttribute(_ name: Symbol, at span: Span) -> EvalError {
    EvalError(.missingAttribute, "attribute '\(symbols[name])' missing", at: span)
  }

  /// "attribute 'x' missing" for `a.x` and `inherit (a) x`, with a suggestion when a name in
  /// the set is close, as Nix gives.
  func missingAttribute(_ name: Symbol, in set: Attrs, at span: Span) -> EvalError {
    var error = missingAttribute(name, at: span)
    if let d = Suggestions.detail(for: name, among: Array(set.keys), symbols) { error.detail = d }
    return error
  }

  /// `a.b.c` as written, up to and including `last`.
  func pathText(_ path: [AttrName], upTo last: AttrName, _ env: Env) -> String {
    var parts: [String] = []
    for element in path {
      switch element {
      case .name(let s, _): parts.append(symbols[s])
      case .dynamic: parts.append("\"${...}\"")
      }
      if element.span == last.span { break }
    }
    return parts.joined(separator: ".")
  }

  func evalHasAttr(_ e: HasAttr, _ env: Env) throws(EvalError) -> Value {
    // Only presence is tested: the value found last is never forced, those before it are
    // (to see whether they are sets), as in Nix.
    var current = try eval(e.target, env)
    for (index, element) in e.path.enumerated() {
      if index > 0 { current = try force(current) }
      guard case .attrs(let set) = current else { return .bool(false) }
      let name = try attrName(element, env)
      guard let next = set[name] else { return .bool(false) }
      current = next
    }
    return .bool(true)
  }
}
