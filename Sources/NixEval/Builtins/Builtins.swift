import NixLexer
import NixParser

/// Nix's builtin functions and constants, grouped by concern in the `Builtins+*.swift` files;
/// each group lists its ``PrimOp``s and this file assembles the base environment.
public enum Builtins {
  /// Every builtin function nixinv implements.
  static func primops() -> [PrimOp] {
    controlPrimOps + arithmeticPrimOps + typePrimOps + listPrimOps + attrPrimOps + stringPrimOps
      + serializationPrimOps + filePrimOps + contextPrimOps + storePrimOps + derivationPrimOps + unavailablePrimOps
  }

  /// Builtins that need a network, a real store or what nixinv does not do: they exist, and
  /// fail when called.
  static var unavailablePrimOps: [PrimOp] {
    let names: [(String, Int)] = [
      ("fetchurl", 1), ("fetchGit", 1), ("fetchTarball", 1), ("fetchMercurial", 1), ("fetchTree", 1),
      ("fetchClosure", 1), ("getFlake", 1), ("toXML", 1),
    ]
    return names.map { name, arity in
      PrimOp(name, arity: arity) { _, _, span throws(EvalError) in
        throw EvalError(
          .unavailable, "builtins.\(name) is not available in offline evaluation (nixinv has no Nix store)", at: span)
      }
    }
  }

  /// The constants of `builtins`.
  static func constants(_ ev: Evaluator) -> [(String, Value)] {
    [
      ("true", .bool(true)), ("false", .bool(false)), ("null", .null),
      ("currentSystem", .string(ev.options.currentSystem)),
      ("nixVersion", .string("2.24.0")),
      ("langVersion", .int(6)),
      ("storeDir", .string(ev.store.directory.path)),
      ("derivation", .thunk(Thunk { [unowned ev] () throws(EvalError) in try ev.derivationFunction() })),
      ("currentTime", .int(0)),
      (
        "nixPath",
        .list(
          NixList(
            ev.options.searchPath.map { entry in
              var b = AttrsBuilder(capacity: 2)
              b.add(ev.names.prefix, .string(entry.prefix))
              b.add(ev.names.path, .string(entry.path))
              return .attrs(b.build())
            }))
      ),
    ]
  }

  /// The slots of the outermost environment, one per name of `names` (Nix's base environment:
  /// `builtins`, the constants, the unprefixed builtins and every `__name`).
  static func baseEnvironment(_ ev: Evaluator, names: [String]) -> [Value] {
    var table: [String: Value] = [:]
    for op in primops() where table[op.name] == nil { table[op.name] = .primop(op.bare) }
    for (name, value) in constants(ev) { table[name] = value }
    // `builtins` holds every builtin and constant, and itself.
    var builder = AttrsBuilder(capacity: table.count + 1)
    // In name order: names met here first are numbered here, and symbol numbers order the
    // attributes of every set (the order `--strict` forces them in), so they must not follow
    // the dictionary's hash order, which changes from run to run.
    for name in table.keys.sorted() where !["true", "false", "null"].contains(name) {
      builder.add(ev.symbols.intern(name), table[name]!)
    }
    let builtinsThunk = Thunk(value: .null)
    builder.add(ev.symbols.intern("builtins"), .thunk(builtinsThunk))
    let builtins = Value.attrs(builder.build())
    builtinsThunk.state = .done(builtins)
    table["builtins"] = builtins
    var extras: [String: Value] = [:]
    for extra in ev.options.extraGlobals { extras[extra.name] = extra.value }
    return names.map { name in
      if let v = extras[name] { return v }
      if name.hasPrefix("__"), let v = table[String(name.dropFirst(2))] { return v }
      if let v = table[name] { return v }
      let missing = name.hasPrefix("__") ? String(name.dropFirst(2)) : name
      return .primop(
        PrimOpApplication(
          PrimOp(missing, arity: 1) { _, _, span throws(EvalError) in
            throw EvalError(.unavailable, "builtins.\(missing) is not supported by nixinv", at: span)
          }, []))
    }
  }
}

extension PrimOp {
  /// A builtin of one argument.
  static func unary(
    _ name: String, _ body: @escaping (Evaluator, Value, Span) throws(EvalError) -> Value
  ) -> PrimOp {
    PrimOp(unary: name, body)
  }

  /// A builtin of two arguments.
  static func binary(
    _ name: String, _ body: @escaping (Evaluator, Value, Value, Span) throws(EvalError) -> Value
  ) -> PrimOp {
    PrimOp(binary: name, body)
  }

  /// A builtin of three arguments.
  static func ternary(
    _ name: String, _ body: @escaping (Evaluator, Value, Value, Value, Span) throws(EvalError) -> Value
  ) -> PrimOp {
    PrimOp(ternary: name, body)
  }
}
