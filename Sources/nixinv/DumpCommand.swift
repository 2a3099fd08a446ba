#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Inventory
import NixEval
import NixLexer
import NixParser

/// `nixinv dump FILE`: every machine of a clan, resolved (docs/OUTPUT.md).
enum DumpCommand {
  static let usage = """
    usage: nixinv dump [OPTIONS] FILE

    FILE is a flake.nix, a file whose value is `buildClan { … }` or `clan { … }` (with
    `buildClan`, `clan` and `lib` in scope), an inventory.json, or a folder holding a flake.nix
    or an inventory.json. Prints the resolved inventory as JSON.

    options:
      --machine M          only machine M (repeatable)
      --format json|nix    output format (default json)
      --with-defaults      each role's settings with its interface's defaults filled in
                           (clan's finalSettings; defaults that are not plain data, or that
                           the module's schema does not state, are left out)
      --input NAME=PATH    bind a flake input to a local folder (repeatable)
      --modules DIR        read legacy clanModules from DIR (a clan-core checkout works)
      --impure             allow reads anywhere and getEnv
      --allow-read PATH    allow reading PATH (repeatable)
      --max-steps N        stop evaluation after N steps
      --timeout SECONDS    stop evaluation after this much time
    """

  static func run(_ arguments: [String]) throws(CommandError) -> Int32 {
    var common = ClanOptions()
    var only: Set<String> = []
    var format = "json"
    var rest = arguments[...]
    while let a = rest.popFirst() {
      if try common.parse(a, &rest) { continue }
      switch a {
      case "-h", "--help":
        Terminal.out(usage + "\n")
        return 0
      case "--machine":
        guard let m = rest.popFirst() else { throw .usage("--machine needs a name") }
        only.insert(m)
      case "--format":
        guard let f = rest.popFirst(), f == "json" || f == "nix" else { throw .usage("--format is json or nix") }
        format = f
      case "--with-defaults": common.withDefaults = true
      default:
        throw .usage("unknown option '\(a)'")
      }
    }
    guard let file = common.file else { throw .usage("dump needs a FILE") }
    return common.withClan(file) { clan, resolved in
      if let missing = only.sorted().first(where: { name in !resolved.machines.contains { $0.machine.id == name } }) {
        Terminal.err("error: the clan has no machine '\(missing)'\n")
        return 1
      }
      let selected = only.isEmpty ? nil : only
      if format == "nix" {
        Terminal.out(NixRenderer.render(DumpDocument.make(resolved, only: selected)))
      } else {
        DumpDocument.write(resolved, only: selected) { Terminal.out($0) }
      }
      for error in resolved.errors { Terminal.err(error.render(resolved.sources)) }
      return resolved.errors.isEmpty ? 0 : 1
    }
  }
}

/// Options every inventory command takes, and loading the clan they name.
struct ClanOptions {
  var file: String? = nil
  var load = LoadOptions()
  /// Role settings with their defaults (`dump --with-defaults`).
  var withDefaults = false

  /// Consumes `argument` (and its value) if it is a common option or the input file.
  mutating func parse(_ argument: String, _ rest: inout ArraySlice<String>) throws(CommandError) -> Bool {
    let cwd = Input.currentDirectory()
    switch argument {
    case "--input":
      guard let v = rest.popFirst(), let eq = v.firstIndex(of: "=") else { throw .usage("--input needs NAME=PATH") }
      load.inputs[String(v[..<eq])] = PathNames.absolute(String(v[v.index(after: eq)...]), base: cwd)
    case "--modules":
      guard let v = rest.popFirst() else { throw .usage("--modules needs a folder") }
      load.moduleDirectories.append(PathNames.absolute(v, base: cwd))
    case "--impure": load.impure = true
    case "--allow-read":
      guard let v = rest.popFirst() else { throw .usage("--allow-read needs a path") }
      load.allowRead.append(PathNames.absolute(v, base: cwd))
    case "--max-steps":
      guard let v = rest.popFirst(), let n = Int(v), n > 0 else { throw .usage("--max-steps needs a positive number") }
      load.maxSteps = n
    case "--timeout":
      guard let v = rest.popFirst(), let t = Double(v), t > 0 else { throw .usage("--timeout needs a positive number of seconds") }
      load.deadline = Clock.now() + t
    default:
      guard !argument.hasPrefix("-") || argument == "-" else { return false }
      guard file == nil else { throw .usage("only one FILE may be given") }
      file = argument
    }
    return true
  }

  /// Loads and resolves the clan, then runs `body`; errors are printed, exit status 1.
  func withClan(_ file: String, _ body: (LoadedClan, ResolvedClan) -> Int32) -> Int32 {
    switch resolve(file, cwd: Input.currentDirectory()) {
    case .success(let (clan, resolved)): return body(clan, resolved)
    case .failure(let failure):
      Terminal.err(failure.rendered)
      return failure.error.code == .input ? 2 : 1
    }
  }

  /// Loads and resolves the clan at `file` (relative to `cwd`), keeping both alive until exit.
  func resolve(_ file: String, cwd: String) -> Result<(LoadedClan, ResolvedClan), ClanFailure> {
    var options = load
    options.traceSink = { Terminal.err($0 + "\n") }
    if let dir = Input.storeDirectory() { options.storeDir = dir }
    let sources = SourceMap()
    do throws(InventoryError) {
      let clan = try ClanLoader.load(file, cwd: cwd, options: options, sources: sources)
      var resolver = Resolver(clan)
      resolver.fillsDefaults = withDefaults
      let resolved = try resolver.resolve()
      // Everything dies with the process; releasing it piece by piece first only costs time.
      KeepAlive.hold(clan)
      KeepAlive.hold(resolved)
      return .success((clan, resolved))
    } catch {
      return .failure(ClanFailure(error: error, sources: sources))
    }
  }
}

/// A clan that did not load or resolve: the error, and the sources read to render it.
struct ClanFailure: Error {
  let error: InventoryError
  let sources: SourceMap

  /// The error as `nixinv dump` prints it, with its position and source line.
  var rendered: String { error.render(sources) }
}
