import NixEval
import NixLexer
import NixParser

/// The Nix values nixinv stands in for: nixpkgs' `lib`, clan-core's `buildClan`/`clan`, and
/// flake-parts' `mkFlake`. A call of `buildClan`/`clan` evaluates nothing: it returns a set
/// that carries its argument (``ClanGlobals/marker``), which the loader finds afterwards.
public final class ClanGlobals {
  /// The attribute that carries the clan modules (a list) in what `buildClan` returns.
  public static let marker = "__nixinvClanModules"

  unowned(unsafe) var evaluator: Evaluator! = nil
  private var libValue: Value? = nil

  public init() {}

  /// The names a bare clan file has in scope, for ``EvalOptions/extraGlobals``. Their values
  /// are computed when first used.
  public func globals() -> [(name: String, value: Value)] {
    [
      ("lib", .thunk(Thunk { [unowned self] () throws(EvalError) in try self.lib() })),
      ("buildClan", buildClanFunction(name: "buildClan")),
      ("clan", buildClanFunction(name: "clan")),
    ]
  }

  /// nixinv's `lib` (evaluated once per run).
  public func lib() throws(EvalError) -> Value {
    if let libValue { return libValue }
    let file = evaluator.sources.add(name: "<nixinv/lib.nix>", directory: "/", bytes: Array(NixLibSource.text.utf8))
    let value = try evaluator.evaluate(file: file)
    libValue = value
    return value
  }

  /// `buildClan`/`clan`: `args: { __nixinvClanModules = [ args ]; clanInternals = …; config = …; }`.
  func buildClanFunction(name: String) -> Value {
    let primop = PrimOp(unary: name) { [unowned self] (ev, argument, span) throws(EvalError) in
      self.clanResult(modules: .list(NixList([argument])), at: span)
    }
    return .primop(primop.bare)
  }

  /// What a clan call returns: the marker, under the names clan's outputs are read from.
  func clanResult(modules: Value, at span: Span) -> Value {
    let ev = evaluator!
    let markerSymbol = ev.symbols.intern(Self.marker)
    func set(_ pairs: [(String, Value)]) -> Value {
      var b = AttrsBuilder()
      for (k, v) in pairs { b.add(ev.symbols.intern(k), v, at: span) }
      return .attrs(b.build())
    }
    let unavailable: (String) -> Value = { what in
      .thunk(Thunk { () throws(EvalError) in
        throw EvalError(.unavailable, "\(what) needs NixOS evaluation, which nixinv does not do; use `nixinv dump` to see the machines", at: span)
      })
    }
    _ = markerSymbol
    let internals = set([(Self.marker, modules)])
    let outputs: [(String, Value)] = [
      (Self.marker, modules),
      ("clanInternals", internals),
      ("nixosConfigurations", unavailable("nixosConfigurations")),
      ("darwinConfigurations", unavailable("darwinConfigurations")),
      ("nixosModules", unavailable("nixosModules")),
      ("darwinModules", unavailable("darwinModules")),
    ]
    return set(outputs + [("config", set(outputs))])
  }

  /// clan-core as a flake input: `lib.buildClan`, `lib.clan`, `clanModules`, `clan.modules`,
  /// `flakeModules.default`.
  public func clanCore(outPath: String) throws(EvalError) -> Value {
    let ev = evaluator!
    func set(_ pairs: [(String, Value)]) -> Value {
      var b = AttrsBuilder()
      for (k, v) in pairs { b.add(ev.symbols.intern(k), v) }
      return .attrs(b.build())
    }
    let catalogue = ModuleCatalogue.embedded
    let legacy = set(catalogue.legacy.keys.sorted().map { ($0, .string("<clan-core>/clanModules/\($0)")) })
    let services = set(catalogue.services.keys.sorted().map { ($0, set([("_class", .string("clan.service")), ("manifest", set([("name", .string($0))]))])) })
    let flakeModule = set([("_nixinvFlakeModule", .string("clan-core"))])
    return set([
      ("outPath", .string(outPath)),
      ("lib", set([
        ("buildClan", buildClanFunction(name: "buildClan")),
        ("clan", buildClanFunction(name: "clan")),
      ])),
      ("clanModules", legacy),
      ("clan", set([("modules", services)])),
      ("modules", set([("clan", set([("default", flakeModule)]))])),
      ("flakeModules", set([("default", flakeModule), ("clan", flakeModule)])),
      ("inputs", set([])),
    ])
  }

  /// nixpkgs as a flake input: its `lib` (and nothing that builds packages).
  public func nixpkgs(outPath: String) throws(EvalError) -> Value {
    let ev = evaluator!
    var b = AttrsBuilder()
    b.add(ev.symbols.intern("lib"), .thunk(Thunk { [unowned self] () throws(EvalError) in try self.lib() }))
    b.add(ev.symbols.intern("outPath"), .string(outPath))
    for name in ["legacyPackages", "nixosModules", "packages"] {
      b.add(ev.symbols.intern(name), .thunk(Thunk { () throws(EvalError) in
        throw EvalError(.unavailable, "nixpkgs' \(name) is not available offline: nixinv has nixpkgs' lib only")
      }))
    }
    return .attrs(b.build())
  }
}
