# Test::Nginx::Socket stand-in for gresty's conformance runner: a Test::Base
# subclass exporting the preamble functions of Test::Nginx::Util.
package Test::Nginx::Socket;

use Test::Base -Base;
use Test::Nginx::Util;

our @EXPORT = qw( env_to_nginx is_str plan run_tests run_test
  repeat_each config_preamble worker_connections
  master_process_enabled
  no_long_string workers master_on master_off
  log_level no_shuffle no_root_location use_hup
  server_name
  server_addr server_root html_dir server_port server_port_for_client
  timeout no_nginx_manager check_accum_error_log
  add_block_preprocessor bail_out add_cleanup_handler
  add_response_body_check
);

*set_http_config_filter = \&Test::Nginx::Util::set_http_config_filter;

1;
