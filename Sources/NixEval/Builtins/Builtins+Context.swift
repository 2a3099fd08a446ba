import NixLexer
import NixParser

extension Builtins {
  /// String context: `hasContext`, `getContext`, `appendContext`,
  /// `unsafeDiscardStringContext`, `unsafeDiscardOutputDependency`, `addDrvOutputDependencies`.
  static var contextPrimOps: [PrimOp] {
    [
      .unary("unsafeDiscardStringContext") { ev, v, span throws(EvalError) in
        .string(
          try ev.coerceToString(
            v, at: span, coerceMore: false, "while evaluating the argument passed to builtins.unsafeDiscardStringContext"
          ).withoutContext)
      },
      .unary("unsafeDiscardOutputDependency") { ev, v, span throws(EvalError) in
        let s = try ev.coerceToString(
          v, at: span, coerceMore: false, "while evaluating the argument passed to builtins.unsafeDiscardOutputDependency")
        if !s.hasContext { return .string(s) }
        let elements = s.context.elements.map { e -> StringContext.Element in
          if case .derivationDeep(let d) = e { return .opaque(d) }
          return e
        }
        return .string(s.with(context: StringContext(elements)))
      },
      .unary("addDrvOutputDependencies") { ev, v, span throws(EvalError) in
        let s = try ev.coerceToString(
          v, at: span, coerceMore: false, "while evaluating the argument passed to builtins.addDrvOutputDependencies")
        let elements = s.context.elements
        guard elements.count == 1 else {
          throw EvalError(
            .other, "context of string '\(s.text)' must have exactly one element, but has \(elements.count)", at: span)
        }
        switch elements[0] {
        case .opaque(let p):
          guard p.hasSuffix(".drv") else { throw EvalError(.other, "path '\(p)' is not a derivation", at: span) }
          return .string(s.with(context: StringContext(.derivationDeep(p))))
        case .built(_, let o):
          throw EvalError(
            .other,
            "`addDrvOutputDependencies` can only act on derivations, not on a derivation output such as '\(o)'",
            at: span)
        case .derivationDeep: return .string(s)
        }
      },
      .unary("hasContext") { ev, v, span throws(EvalError) in
        .bool(try ev.forceString(v, at: span, "while evaluating the argument passed to builtins.hasContext").hasContext)
      },
      .unary("getContext") { ev, v, span throws(EvalError) in
        let s = try ev.forceString(v, at: span, "while evaluating the argument passed to builtins.getContext")
        return getContext(ev, s.context)
      },
      .binary("appendContext") { ev, v, contextV, span throws(EvalError) in
        try appendContext(ev, v, contextV, span)
      },
    ]
  }

  /// `{ "<path>" = { path = true; allOutputs = true; outputs = [ … ]; }; … }`, each key only
  /// where it applies.
  private static func getContext(_ ev: Evaluator, _ context: StringContext) -> Value {
    struct Info {
      var path = false
      var allOutputs = false
      var outputs: [Value] = []
    }
    var infos: [String: Info] = [:]
    for element in context.elements {
      switch element {
      case .opaque(let p): infos[p, default: Info()].path = true
      case .derivationDeep(let d): infos[d, default: Info()].allOutputs = true
      case .built(let d, let o): infos[d, default: Info()].outputs.append(.string(o))
      }
    }
    let pathSymbol = ev.names.path
    let allOutputsSymbol = ev.symbols.intern("allOutputs")
    let outputsSymbol = ev.symbols.intern("outputs")
    var b = AttrsBuilder(capacity: infos.count)
    for (p, info) in infos.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
      var inner = AttrsBuilder(capacity: 3)
      if info.path { inner.add(pathSymbol, .bool(true)) }
      if info.allOutputs { inner.add(allOutputsSymbol, .bool(true)) }
      if !info.outputs.isEmpty { inner.add(outputsSymbol, .list(NixList(info.outputs))) }
      b.add(ev.symbols.intern(p), .attrs(inner.build()))
    }
    return .attrs(b.build())
  }

  /// `appendContext s { "<path>" = { path; allOutputs; outputs; }; }`: `s` with more context.
  private static func appendContext(_ ev: Evaluator, _ v: Value, _ contextV: Value, _ span: Span) throws(EvalError) -> Value {
    let s = try ev.forceString(v, at: span, "while evaluating the first argument passed to builtins.appendContext")
    let attrs = try ev.forceAttrs(contextV, at: span, "while evaluating the second argument passed to builtins.appendContext")
    var elements = s.context.elements
    let directory = ev.store.directory
    for i in 0..<attrs.count {
      let name = ev.symbols[attrs.keys[i]]
      let at = attrs.positions[i].isKnown ? attrs.positions[i] : span
      if !directory.isStorePath(name) {
        throw EvalError(.other, "context key '\(name)' is not a store path", at: at)
      }
      let info = try ev.forceAttrs(attrs.values[i], at: at, "while evaluating the value of a string context")
      if let p = info[ev.names.path],
        try ev.forceBool(p, at: at, "while evaluating the `path` attribute of a string context")
      {
        elements.append(.opaque(name))
      }
      if let a = info[ev.symbols.intern("allOutputs")],
        try ev.forceBool(a, at: at, "while evaluating the `allOutputs` attribute of a string context")
      {
        if !name.hasSuffix(".drv") {
          throw EvalError(
            .other, "tried to add all-outputs context of \(name), which is not a derivation, to a string", at: at)
        }
        elements.append(.derivationDeep(name))
      }
      if let o = info[ev.symbols.intern("outputs")] {
        let list = try ev.forceList(o, at: at, "while evaluating the `outputs` attribute of a string context")
        if list.count > 0 && !name.hasSuffix(".drv") {
          throw EvalError(
            .other, "tried to add derivation output context of \(name), which is not a derivation, to a string",
            at: at)
        }
        for item in list.items {
          let output = try ev.forceStringWithoutContext(
            item, at: at, "while evaluating an output name within a string context")
          elements.append(.built(drvPath: name, output: output.text))
        }
      }
    }
    return .string(s.with(context: StringContext(elements)))
  }
}
