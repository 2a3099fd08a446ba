import Foundation
import Inventory
import NixEval
import NixLexer
import Testing

/// The package root.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// A fresh folder holding `files` (relative path → text), removed by the caller's `defer`.
func temporaryClan(_ files: [String: String]) throws -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nixinv-test-\(UUID().uuidString)")
  for (path, text) in files {
    let url = dir.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
  }
  return dir
}

/// What loading and resolving a clan gave: the resolved clan, or the rendered error.
enum Outcome {
  case resolved(ResolvedClan)
  case failed(InventoryError, String)

  var clan: ResolvedClan? {
    if case .resolved(let c) = self { return c }
    return nil
  }

  var error: String? {
    if case .failed(_, let text) = self { return text }
    return nil
  }

  var code: InventoryError.Code? {
    if case .failed(let e, _) = self { return e.code }
    return nil
  }
}

/// Loads and resolves the clan at `path` (role settings with their defaults if `withDefaults`).
func resolve(path: String, options: LoadOptions = LoadOptions(), withDefaults: Bool = false) -> Outcome {
  let sources = SourceMap()
  do throws(InventoryError) {
    let loaded = try ClanLoader.load(path, cwd: "/", options: options, sources: sources)
    var resolver = Resolver(loaded)
    resolver.fillsDefaults = withDefaults
    return .resolved(try resolver.resolve())
  } catch {
    return .failed(error, error.render(sources))
  }
}

/// Loads and resolves a bare clan file with the given text (and other files beside it).
func resolve(_ source: String, files: [String: String] = [:], withDefaults: Bool = false) throws -> Outcome {
  var all = files
  all["clan.nix"] = source
  let dir = try temporaryClan(all)
  defer { try? FileManager.default.removeItem(at: dir) }
  return resolve(path: dir.appendingPathComponent("clan.nix").path, withDefaults: withDefaults)
}

/// The dump document of a resolved clan, parsed back as JSON.
func dumpJSON(_ clan: ResolvedClan) throws -> [String: Any] {
  let bytes = DumpDocument.json(clan)
  return try JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
}

/// A machine of a dump document.
func machine(_ json: [String: Any], _ name: String) -> [String: Any]? {
  (json["machines"] as? [String: Any])?[name] as? [String: Any]
}
