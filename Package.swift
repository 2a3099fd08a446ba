// swift-tools-version: 6.0
// nixinv: the Nix language and clan inventories, without Nix.
//
// Modules depend one way: NixLexer → NixParser → (NixEval → Inventory →) nixinv.
// No package dependencies: the toolchain's Swift, Foundation and Swift Testing only.
import PackageDescription

/// Release builds skip run-time exclusivity checks: the hot loops of the lexer, parser and
/// printer touch class storage on every token, and the checks cost more than the work.
let fast: [SwiftSetting] = [
  .unsafeFlags(["-enforce-exclusivity=unchecked", "-cross-module-optimization"], .when(configuration: .release))
]

/// The evaluator runs on one thread: its reference counting need not be atomic.
let singleThreaded: [SwiftSetting] = [
  .unsafeFlags(["-Xfrontend", "-assume-single-threaded"], .when(configuration: .release))
]

let package = Package(
  name: "nixinv",
  products: [
    .executable(name: "nixinv", targets: ["nixinv"]),
    .library(name: "NixLexer", targets: ["NixLexer"]),
    .library(name: "NixParser", targets: ["NixParser"]),
    .library(name: "NixEval", targets: ["NixEval"]),
    .library(name: "Inventory", targets: ["Inventory"]),
  ],
  targets: [
    // MARK: - Lexer (sources, spans, diagnostics, tokens)
    .target(name: "NixLexer", swiftSettings: fast),
    .testTarget(name: "NixLexerTests", dependencies: ["NixLexer"]),

    // MARK: - Parser (AST, binder, --parse printer)
    .target(name: "NixParser", dependencies: ["NixLexer"], swiftSettings: fast),
    .testTarget(
      name: "NixParserTests", dependencies: ["NixParser"],
      resources: [.copy("Fixtures")]),

    // MARK: - Evaluator (values, thunks, builtins, printing)
    .target(name: "NixEval", dependencies: ["NixLexer", "NixParser"], swiftSettings: fast + singleThreaded),
    .testTarget(name: "NixEvalTests", dependencies: ["NixEval"]),

    // MARK: - Inventory (clan loading, merging, resolution, output)
    .target(name: "Inventory", dependencies: ["NixLexer", "NixParser", "NixEval"], swiftSettings: fast + singleThreaded),
    .testTarget(name: "InventoryTests", dependencies: ["Inventory"]),

    // MARK: - Traced heap (C: blocks freed by a collection that scans the stack), for the next core
    .target(name: "NixHeap", cSettings: [.unsafeFlags(["-O2", "-fno-omit-frame-pointer"])]),
    .testTarget(name: "NixHeapTests", dependencies: ["NixHeap"]),

    // MARK: - The next core (values of two plain words on the traced heap; a compiled tree)
    .target(name: "NixCore", dependencies: ["NixLexer", "NixParser", "NixEval", "NixHeap"], swiftSettings: fast + singleThreaded),
    .testTarget(name: "NixCoreTests", dependencies: ["NixCore"]),

    // MARK: - Command-line tool
    // The size-class allocator the executable links in (C: it replaces malloc and free).
    .target(name: "NixAllocator", cSettings: [.unsafeFlags(["-O2", "-fno-builtin", "-fomit-frame-pointer", "-gdwarf-4"])]),
    .executableTarget(
      name: "nixinv", dependencies: ["NixAllocator", "NixLexer", "NixParser", "NixEval", "Inventory", "NixCore"],
      swiftSettings: fast,
      // The Swift runtime linked in: a run starts without resolving the runtime's libraries.
      linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]),
    .testTarget(name: "nixinvTests", dependencies: ["nixinv"]),
  ]
)
