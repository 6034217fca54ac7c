# Test::Nginx::Socket::Lua::Stream stand-in for gresty's conformance runner.
# Stream blocks are reported by the runner as needing the stream module.
package Test::Nginx::Socket::Lua::Stream;

use Test::Nginx::Socket -Base;

1;
