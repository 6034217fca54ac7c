# Test::Nginx::Socket::Lua stand-in for gresty's conformance runner.
package Test::Nginx::Socket::Lua;

use Test::Nginx::Socket -Base;

1;
