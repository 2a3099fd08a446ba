import NixEval
import NixLexer
import NixParser

/// How to load a clan.
public struct LoadOptions {
  /// `--input NAME=PATH`: flake inputs bound to local folders.
  public var inputs: [String: String] = [:]
  /// Extra paths that may be read (`--allow-read`).
  public var allowRead: [String] = []
  /// Reads anywhere, `getEnv` works.
  public var impure = false
  /// `--modules DIR`: folders of legacy clanModules or clan.service modules.
  public var moduleDirectories: [String] = []
  /// Evaluation limits.
  public var maxSteps: Int? = nil
  public var deadline: Double? = nil
  /// Where `builtins.trace` and warnings go.
  public var traceSink: (String) -> Void = { _ in }
  /// The store folder store paths are computed for (`NIX_STORE_DIR`).
  public var storeDir = "/nix/store"
  /// Lint: evaluate what the parser recovered from a file with syntax errors, and record
  /// unknown options and wrong types instead of stopping at the first.
  public var forLint = false

  public init() {}
}

/// A clan, loaded and merged: the inventory and what is needed to resolve it.
public final class LoadedClan {
  public let evaluator: Evaluator
  let globals: ClanGlobals
  public let merger: Merger
  /// The clan's folder (`directory`, `self`'s folder, or the file's folder).
  public let directory: String
  public let inventory: Inventory
  public let catalogue: ModuleCatalogue
  /// clan.service modules of the clan itself (`modules` argument), for `module.input = "self"`.
  let localServices: Value?
  /// The flake's outputs (`self`), when the clan came from a flake.
  let flakeSelf: Value?

  init(evaluator: Evaluator, globals: ClanGlobals, merger: Merger, directory: String, inventory: Inventory, catalogue: ModuleCatalogue, localServices: Value?, flakeSelf: Value?) {
    self.evaluator = evaluator
    self.globals = globals
    self.merger = merger
    self.directory = directory
    self.inventory = inventory
    self.catalogue = catalogue
    self.localServices = localServices
    self.flakeSelf = flakeSelf
  }
}

/// Reads a clan from a `flake.nix`, a bare `buildClan { … }`/`clan { … }` file, an
/// `inventory.json`, or a folder holding one of them.
public enum ClanLoader {
  /// What kind of file the loader reads.
  enum Kind { case flake, bare, json }

  /// Loads the clan at `path` (relative to `cwd`).
  /// Source files read are added to `sources` (so that errors can be rendered even when
  /// loading fails).
  public static func load(
    _ path: String, cwd: String, options: LoadOptions = LoadOptions(), sources: SourceMap = SourceMap()
  ) throws(InventoryError) -> LoadedClan {
    var absolute = PathUtilities.canonical(path.hasPrefix("/") ? path : cwd + "/" + path)
    var shown = path
    var kind: Kind
    if FileSystem.targetKind(absolute) == .directory {
      if FileSystem.targetKind(absolute + "/flake.nix") == .regular {
        absolute += "/flake.nix"
        shown = join(path, "flake.nix")
      } else if FileSystem.targetKind(absolute + "/inventory.json") == .regular {
        absolute += "/inventory.json"
        shown = join(path, "inventory.json")
      } else {
        throw InventoryError(.input, "'\(path)' holds neither flake.nix nor inventory.json")
      }
    }
    let base = PathUtilities.baseName(of: absolute)
    if base.hasSuffix(".json") {
      kind = .json
    } else if base == "flake.nix" {
      kind = .flake
    } else {
      kind = .bare
    }
    let folder = PathUtilities.directory(of: absolute)
    let bytes: [UInt8]
    switch FileSystem.read(absolute) {
    case .success(let b): bytes = b
    case .failure(let e): throw InventoryError(.input, "cannot read '\(path)': \(e.message)")
    }

    let globals = ClanGlobals()
    var evalOptions = EvalOptions()
    evalOptions.pure = !options.impure
    evalOptions.allowedPaths = [folder] + options.allowRead + Array(options.inputs.values) + options.moduleDirectories
    evalOptions.maxSteps = options.maxSteps
    evalOptions.deadline = options.deadline
    evalOptions.traceSink = options.traceSink
    evalOptions.storeDir = options.storeDir
    if kind == .bare { evalOptions.extraGlobals = globals.globals() }
    let evaluator = Evaluator(sources: sources, options: evalOptions)
    globals.evaluator = evaluator
    let file = evaluator.sources.add(name: shown, directory: folder, bytes: bytes)

    var catalogue = ModuleCatalogue.embedded
    for dir in options.moduleDirectories { ModuleReader.addModules(from: dir, to: &catalogue, evaluator) }

    var arguments = ClanArguments(evaluator: evaluator, globals: globals, defaultDirectory: folder)
    var flakeSelf: Value? = nil
    switch kind {
    case .json:
      arguments.directory = folder
      arguments.jsonFile = (absolute, file)
    case .bare, .flake:
      let value: Value
      do throws(EvalError) {
        let root = try evaluateRoot(file, evaluator, recovering: options.forLint)
        if kind == .flake {
          value = try FlakeLoader(evaluator: evaluator, globals: globals, boundInputs: options.inputs).outputs(of: file, flake: root)
          flakeSelf = value
        } else {
          value = root
        }
      } catch {
        throw InventoryError(error)
      }
      let modules = try findClan(value, evaluator, kind: kind, file: shown)
      try arguments.collect(modules)
    }
    let (merged, merger) = try arguments.mergeInventory(collectingProblems: options.forLint)
    let inventory = try InventoryReader(merged: merged, merger: merger).read()
    for name in inventory.modules.keys.sorted(by: bytewise) {
      if let module = ModuleReader.legacyModule(name: name, at: inventory.modules[name]!, evaluator) { catalogue.legacy[name] = module }
    }
    return LoadedClan(
      evaluator: evaluator, globals: globals, merger: merger, directory: arguments.directory ?? folder, inventory: inventory,
      catalogue: catalogue, localServices: arguments.localServices, flakeSelf: flakeSelf)
  }

  /// The value of the file being loaded; when `recovering`, a file with syntax errors is
  /// evaluated as far as the parser recovered it (its errors are the linter's to report).
  static func evaluateRoot(_ file: SourceFile, _ evaluator: Evaluator, recovering: Bool) throws(EvalError) -> Value {
    guard recovering else { return try evaluator.evaluate(file: file) }
    let result = parse(file, symbols: evaluator.symbols, options: ParserOptions(globals: evaluator.globalNames))
    if let expr = result.expression { return try evaluator.eval(expr, evaluator.globalEnv) }
    guard let recovered = result.recoveredExpression else {
      let first = result.diagnostics.first { $0.severity == .error }
      throw EvalError(.syntax, first?.message ?? "syntax error", at: first?.span ?? .unknown)
    }
    _ = resolveVariables(in: recovered, file: file, symbols: evaluator.symbols, globals: evaluator.globalNames)
    return try evaluator.eval(recovered, evaluator.globalEnv)
  }

  /// The clan modules in what a file evaluated to: the marker `buildClan` leaves, found where
  /// clan's CLI looks (`clanInternals`, flake-parts' `clan`).
  static func findClan(_ value: Value, _ ev: Evaluator, kind: Kind, file: String) throws(InventoryError) -> [Value] {
    let marker = ev.symbols.intern(ClanGlobals.marker)
    let forced = try evaluating { () throws(EvalError) in try ev.force(value) }
    guard case .attrs(let attrs) = forced else {
      let what = kind == .flake ? "the flake's outputs are" : "'\(file)' evaluates to"
      throw InventoryError(.input, "\(what) \(forced.typeDescription), not a clan; expected `buildClan { … }` or `clan { … }`")
    }
    var candidates: [Value] = [.attrs(attrs)]
    for name in ["clanInternals", "clan"] {
      if let v = attrs[ev.symbols.intern(name)] { candidates.append(v) }
    }
    for candidate in candidates {
      guard case .attrs(let a) = try evaluating({ () throws(EvalError) in try ev.force(candidate) }), let modules = a[marker] else { continue }
      let list = try evaluating { () throws(EvalError) in try ev.forceList(modules, at: .unknown, "while reading the clan") }
      return list.items
    }
    throw InventoryError(
      .input,
      kind == .flake
        ? "the flake's outputs have no clan: expected `clanInternals` from `clan-core.lib.buildClan`/`lib.clan`, or flake-parts' `clan = …`"
        : "'\(file)' is not a clan: expected its value to be `buildClan { … }` or `clan { … }`")
  }

  private static func join(_ a: String, _ b: String) -> String { a.hasSuffix("/") ? a + b : a + "/" + b }
}
