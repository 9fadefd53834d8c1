"""HTTP entrypoints: blueprints that parse, call one service, and present the result."""
