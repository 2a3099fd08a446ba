import Foundation
import Testing

/// Bad input ends in a clear error and exit 1 (2 for what cannot be read at all), never a
/// crash or a hang: every limit, every refused read, bad bytes.
@Suite struct RobustnessTests {
  /// A scratch folder with `files`, removed afterwards by the caller.
  func folder(_ files: [String: Data]) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nixinv-robust-\(UUID().uuidString)")
    for (name, data) in files {
      let url = dir.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try data.write(to: url)
    }
    return dir
  }

  @Test func callDepthLimit() throws {
    let r = try Nixinv.run(["eval", "-E", "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 10000000"])
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("error: stack overflow"))
  }

  @Test func deepThunkChainAndDeepDataAreErrorsOrValues() throws {
    // 300,000 nested lists built lazily, then printed and compared: a value or a clean error.
    let r = try Nixinv.run(["eval", "-E", "let f = n: if n == 0 then [ ] else [ (f (n - 1)) ]; x = f 300000; in x == x"])
    #expect(r.status == 0 || r.stderr.hasPrefix("error: stack overflow"))
  }

  @Test func stepAndTimeLimitsInDump() throws {
    let dir = try folder(["clan.nix": Data("let f = n: if n == 0 then 0 else f (n - 1) + f (n - 1); in buildClan { meta.name = toString (f 40); }".utf8)])
    defer { try? FileManager.default.removeItem(at: dir) }
    let steps = try Nixinv.run(["dump", "--max-steps", "5000", dir.appendingPathComponent("clan.nix").path])
    #expect(steps.status == 1)
    #expect(steps.stderr.contains("step limit of 5000"))
    let time = try Nixinv.run(["dump", "--timeout", "0.3", dir.appendingPathComponent("clan.nix").path])
    #expect(time.status == 1)
    #expect(time.stderr.contains("timed out"))
  }

  @Test(arguments: [
    "import /etc/passwd",
    "builtins.readFile /etc/passwd",
    "builtins.readDir /etc",
    "builtins.readFileType /etc/passwd",
  ])
  func readsOutsideTheTreeAreRefused(_ expression: String) throws {
    let r = try Nixinv.run(["eval", "-E", expression])
    #expect(r.status == 1)
    #expect(r.stderr.contains("'/etc"))
    #expect(r.stderr.contains("forbidden in pure evaluation mode"))
    #expect(r.stderr.contains("--allow-read") || r.stderr.contains("--impure"))
  }

  @Test func pathExistsSaysFalseAndImpureLiftsPurity() throws {
    #expect(try Nixinv.run(["eval", "-E", "builtins.pathExists /etc/passwd"]).stdout == "false\n")
    #expect(try Nixinv.run(["eval", "--impure", "-E", "builtins.pathExists /etc/passwd"]).stdout == "true\n")
    #expect(try Nixinv.run(["eval", "--allow-read", "/etc/passwd", "-E", "builtins.pathExists /etc/passwd"]).stdout == "true\n")
    #expect(try Nixinv.run(["eval", "-E", "builtins.getEnv \"PATH\""]).stdout == "\"\"\n")
  }

  @Test func symlinkOutOfTheTreeIsRefused() throws {
    let dir = try folder(["main.nix": Data("import ./escape".utf8)])
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("escape").path, withDestinationPath: "/etc/passwd")
    let r = try Nixinv.run(["eval", dir.appendingPathComponent("main.nix").path])
    #expect(r.status == 1)
    #expect(r.stderr.contains("forbidden in pure evaluation mode"))
  }

  @Test func oversizedFilesAreRefused() throws {
    let dir = try folder(["main.nix": Data("builtins.readFile ./big".utf8)])
    defer { try? FileManager.default.removeItem(at: dir) }
    // A sparse file: 300 MiB long, no disk used.
    let big = dir.appendingPathComponent("big")
    FileManager.default.createFile(atPath: big.path, contents: nil)
    let handle = try FileHandle(forWritingTo: big)
    try handle.truncate(atOffset: 300 << 20)
    try handle.close()
    let read = try Nixinv.run(["eval", dir.appendingPathComponent("main.nix").path])
    #expect(read.status == 1)
    #expect(read.stderr.contains("larger than 256 MiB"))
    let parse = try Nixinv.run(["parse", big.path])
    #expect(parse.status == 2)
    #expect(parse.stderr.contains("larger than 256 MiB"))
  }

  @Test func noiseInvalidUTF8AndNULBytes() throws {
    var generator = SystemRandomNumberGenerator()
    var noise = Data(count: 8 << 20)
    noise.withUnsafeMutableBytes { buffer in
      for i in 0..<buffer.count { buffer[i] = UInt8.random(in: 0...255, using: &generator) }
    }
    let dir = try folder([
      "noise.nix": noise,
      "utf8.nix": Data([0x22, 0xFF, 0xFE, 0x22]),  // "\xff\xfe": kept as bytes, as Nix keeps them
      "nul.nix": Data([0x22, 0x61, 0x00, 0x62, 0x22]),
      "int.nix": Data("99999999999999999999".utf8),
      "clan.json": noise.prefix(4096),
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    for command in ["parse", "eval"] {
      let r = try Nixinv.run([command, dir.appendingPathComponent("noise.nix").path])
      #expect(r.status == 1, "\(command) of noise: exit \(r.status)")
      #expect(r.stderr.hasPrefix("error:"))
    }
    let utf8 = try Nixinv.run(["eval", "--json", dir.appendingPathComponent("utf8.nix").path])
    #expect(utf8.status == 1 || utf8.status == 0)
    let nul = try Nixinv.run(["eval", dir.appendingPathComponent("nul.nix").path])
    #expect(nul.status == 1)
    #expect(nul.stderr.contains("null bytes"))
    let int = try Nixinv.run(["eval", dir.appendingPathComponent("int.nix").path])
    #expect(int.status == 1)
    #expect(int.stderr.contains("99999999999999999999"))
    let json = try Nixinv.run(["dump", dir.appendingPathComponent("clan.json").path])
    #expect(json.status == 1)
    #expect(json.stderr.hasPrefix("error:"))
    let lint = try Nixinv.run(["lint", dir.appendingPathComponent("noise.nix").path])
    #expect(lint.status == 1)
    #expect(lint.stdout.contains("error[syntax-error]"))
  }
}
