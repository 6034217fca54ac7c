# Test::Nginx::Util stand-in for gresty's conformance runner.
#
# It keeps the settings a test file's preamble makes (repeat_each, log_level,
# env_to_nginx, add_block_preprocessor, ...) and, instead of running nginx,
# hands the Test::Base blocks, evaluated by the real Test::Base, to the Go
# runner as JSON on file descriptor 3. It then serves calls to Perl code
# values (CODE references found in sections) read from standard input.
package Test::Nginx::Util;

use strict;
use warnings;

use Exporter ();
our @ISA = ('Exporter');

use JSON::PP ();
use POSIX ();

# The runner replaces these tokens with each block's own server root and
# port, so that blocks of one file can run side by side.
our $ServRootToken = '/__GRESTY_SERVROOT__';
our $PortToken = '__GRESTY_PORT__';

our $RepeatEach = 1;
our $NoLongString;
our $LogLevel = $ENV{TEST_NGINX_LOG_LEVEL} || 'debug';
our $NoShuffle = 0;
our $NoRootLocation = 0;
our $MasterProcessEnabled = 'off';
our $Workers = 1;
our $WorkerConnections = 64;
our $ServerName = 'localhost';
our $ServerAddr = '127.0.0.1';
our $ConfigPreamble = '';
our $Timeout = $ENV{TEST_NGINX_TIMEOUT} || 3;
our $UseHup = $ENV{TEST_NGINX_USE_HUP};
our $CheckAccumErrLog;
our $NoNginxManager = 0;
our $ServerPort = $PortToken;
our $ServerPortForClient = $PortToken;
our $ServRoot = $ServRootToken;
our $HtmlDir = "$ServRootToken/html";
our $LogDir = "$ServRootToken/logs";
our $ErrLogFile = "$ServRootToken/logs/error.log";
our $AccLogFile = "$ServRootToken/logs/access.log";
our $ConfDir = "$ServRootToken/conf";
our $ConfFile = "$ServRootToken/conf/nginx.conf";
our $PidFile = "$ServRootToken/logs/nginx.pid";
our $UseStap;
our $CheckLeak = 0;
our $Benchmark = 0;
our $BenchmarkWarmup = 0;
our $NginxVersion = '1.022001';
our $NginxBinary = $ENV{TEST_NGINX_BINARY} || 'nginx';
our $FilterHttpConfig;
our $RunTestHelper;
our $CheckErrorLog;
our $CheckShutdownErrorLog;
our @EnvToNginx;
our @BlockPreprocessors;
our @CleanupHandlers;
our @ResponseBodyChecks;

$ENV{TEST_NGINX_SERVER_ROOT} = $ServRoot;

our @EXPORT = qw(
    env_to_nginx is_str check_accum_error_log is_running $NoLongString
    no_long_string $ServerAddr server_addr $ServerName server_name
    parse_time $UseStap verbose sleep_time stap_out_fh stap_out_fname
    bail_out add_cleanup_handler access_log_data error_log_data
    setup_server_root write_config_file get_canon_version
    get_nginx_version trim show_all_chars parse_headers run_tests
    get_pid_from_pidfile $ServerPortForClient $ServerPort $NginxVersion
    $PidFile $ServRoot $ConfFile $RunTestHelper $CheckErrorLog
    $CheckShutdownErrorLog $FilterHttpConfig $NoNginxManager $RepeatEach
    $CheckLeak $Benchmark $BenchmarkWarmup add_block_preprocessor timeout
    worker_connections workers master_on master_off config_preamble
    repeat_each master_process_enabled log_level no_shuffle
    no_root_location html_dir server_root server_port
    server_port_for_client no_nginx_manager use_hup is_udp_port_opened
    add_response_body_check run_test set_http_config_filter
    use_http2 use_http3
);

sub env_to_nginx (@) {
    for my $v (@_) {
        die "env_to_nginx: bad argument value: $v\n"
            if $v !~ /^[A-Za-z_]/ || $v =~ /\n/;
        push @EnvToNginx, $v;
    }
}

sub is_str (@) { die "is_str is not available in the conformance loader\n" }
sub check_accum_error_log () { $CheckAccumErrLog = 1 }
sub is_running ($) { return kill 0, $_[0] }
sub no_long_string () { $NoLongString = 1 }
sub server_addr (@) { if (@_) { $ServerAddr = shift } else { return $ServerAddr } }
sub server_name (@) { if (@_) { $ServerName = shift } else { return $ServerName } }
sub parse_time ($) {
    my $tm = shift;
    if (defined $tm) {
        if ($tm =~ s/([^_a-zA-Z])ms$/$1/) { $tm = $tm / 1000 }
        elsif ($tm =~ s/([^_a-zA-Z])s$/$1/) { }
    }
    return $tm;
}
sub verbose () { return undef }
sub sleep_time () { return $ENV{TEST_NGINX_SLEEP} || 0.015 }
sub stap_out_fh () { return undef }
sub stap_out_fname () { return undef }
sub add_cleanup_handler ($) { unshift @CleanupHandlers, shift }
sub access_log_data () { return [] }
sub error_log_data () { return [] }
sub setup_server_root ($) { }
sub write_config_file ($$$) { }
sub get_canon_version (@) { sprintf "%d.%03d%03d", $_[0], $_[1], $_[2] }
sub get_nginx_version () { return $NginxVersion }
sub trim ($) {
    my $s = shift;
    return undef if !defined $s;
    $s =~ s/^\s+|\s+$//g;
    $s =~ s/\n/ /gs;
    $s =~ s/\s{2,}/ /gs;
    $s;
}
sub show_all_chars ($) { my $s = shift; $s =~ s/\n/\\n/gs; $s =~ s/\r/\\r/gs; $s =~ s/\t/\\t/gs; $s }
sub parse_headers ($) { die "parse_headers is not available in the conformance loader\n" }
sub get_pid_from_pidfile ($) { return undef }
sub add_block_preprocessor (&) { unshift @BlockPreprocessors, shift }
sub add_response_body_check ($) { push @ResponseBodyChecks, shift }
sub timeout (@) { if (@_) { $Timeout = shift } else { return $Timeout } }
sub worker_connections (@) { if (@_) { $WorkerConnections = shift } else { return $WorkerConnections } }
sub workers (@) { if (@_) { $Workers = shift } else { return $Workers } }
sub master_on () { $MasterProcessEnabled = 'on' }
sub master_off () { $MasterProcessEnabled = 'off' }
sub master_process_enabled (@) {
    if (@_) { $MasterProcessEnabled = shift() ? 'on' : 'off' } else { return $MasterProcessEnabled }
}
sub config_preamble ($) { $ConfigPreamble = shift }
sub repeat_each (@) { if (@_) { $RepeatEach = shift } return $RepeatEach }
sub log_level (@) { if (@_) { $LogLevel = shift } else { return $LogLevel } }
sub no_shuffle () { $NoShuffle = 1 }
sub no_root_location () { $NoRootLocation = 1 }
sub html_dir () { return $HtmlDir }
sub server_root () { return $ServRoot }
sub server_port (@) { if (@_) { $ServerPort = shift } else { return $ServerPort } }
sub server_port_for_client (@) { if (@_) { $ServerPortForClient = shift } else { return $ServerPortForClient } }
sub no_nginx_manager () { $NoNginxManager = 1 }
sub use_hup () { $UseHup = 1 }
sub is_udp_port_opened ($) { return 0 }
sub set_http_config_filter ($) { $FilterHttpConfig = shift }
sub use_http2 ($) { return undef }
sub use_http3 ($) { return undef }
sub run_test ($) { die "run_test is not available in the conformance loader\n" }

sub bail_out (@) {
    emit({ bail_out => join('', map { defined $_ ? $_ : '' } @_) });
    POSIX::_exit(0);
}

# --- the hand-over to Go ----------------------------------------------------

my $Out;
my @Codes;

sub out_handle () {
    return $Out if $Out;
    open($Out, '>&=', 3) or die "gresty loader: fd 3 is not open: $!\n";
    binmode $Out;
    select((select($Out), $| = 1)[0]);
    return $Out;
}

my $JSON = JSON::PP->new->ascii->canonical->allow_nonref;

sub emit ($) {
    my $fh = out_handle();
    print $fh $JSON->encode($_[0]), "\n";
}

sub bytes_of ($) {
    my $s = shift;
    if (utf8::is_utf8($s)) {
        utf8::encode($s);
    }
    return "$s";
}

# encode_value turns a Perl value into the runner's JSON form: strings as
# (latin-1 escaped) byte strings, arrays as arrays, and tagged objects for
# regexes, hashes, code and scalar references.
sub encode_value ($);
sub encode_value ($) {
    my $v = shift;
    return undef unless defined $v;
    my $ref = ref $v;
    return bytes_of($v) if !$ref;
    if ($ref eq 'ARRAY') {
        return [ map { encode_value($_) } @$v ];
    }
    if ($ref eq 'Regexp') {
        my ($pat, $mods) = re::regexp_pattern($v);
        return { t => 're', re => bytes_of($pat), mods => $mods };
    }
    if ($ref eq 'HASH') {
        return { t => 'hash', h => { map { ($_ => encode_value($v->{$_})) } keys %$v } };
    }
    if ($ref eq 'CODE') {
        push @Codes, $v;
        return { t => 'code', id => $#Codes };
    }
    if ($ref eq 'SCALAR' || $ref eq 'REF') {
        return { t => 'ref', v => encode_value($$v) };
    }
    return { t => 'other', v => "$v" };
}

my %Internal = map { ($_ => 1) } qw(
    _section_map _section_order blocks_object seq_num is_filtered
    original_values name description
);

# env_all hands over the whole environment: the runner compares it with
# the one it started Perl with (a .t file may change it in a BEGIN block,
# before this module loads).
sub env_all () {
    my %env;
    for my $k (keys %ENV) {
        next unless defined $ENV{$k};
        $env{$k} = bytes_of($ENV{$k});
    }
    return \%env;
}

sub run_tests () {
    $ENV{TEST_NGINX_SERVER_PORT} = $ServerPort
        if !defined $ENV{TEST_NGINX_SERVER_PORT};

    my @blocks = Test::Base::blocks();
    my @out;
    for my $block (@blocks) {
        my $err;
        for my $hdl (@BlockPreprocessors) {
            eval { $hdl->($block); 1 } or do { $err = "$@"; last };
        }
        my %sections;
        for my $k (sort keys %$block) {
            next if $Internal{$k};
            my $vals = $block->{$k};
            next unless ref $vals eq 'ARRAY';
            $sections{$k} = encode_value($vals->[0]);
        }
        my $skip_eval;
        if (defined $block->skip_eval
            && $block->skip_eval =~ m{^\s*(\d+)\s*:\s*(.*)}s)
        {
            my $code = $2;
            $skip_eval = eval $code;
            $skip_eval = "error: $@" if $@;
        }
        my $map = ($block->{_section_map} || [])->[0] || {};
        push @out, {
            name => bytes_of(scalar $block->name),
            seq => $block->seq_num + 0,
            description => bytes_of(scalar $block->description),
            sections => \%sections,
            filters => { map { ($_ => $map->{$_}{filters}) } keys %$map },
            order => ($block->{_section_order} || [])->[0] || [],
            (defined $err ? (preprocess_error => $err) : ()),
            (defined $block->skip_eval
                ? (skip_eval_result => ($skip_eval ? JSON::PP::true : JSON::PP::false))
                : ()),
        };
    }

    emit({
        blocks => \@out,
        settings => {
            repeat_each => $RepeatEach + 0,
            no_long_string => $NoLongString ? JSON::PP::true : JSON::PP::false,
            log_level => "$LogLevel",
            no_shuffle => $NoShuffle ? JSON::PP::true : JSON::PP::false,
            no_root_location => $NoRootLocation ? JSON::PP::true : JSON::PP::false,
            master_process => "$MasterProcessEnabled",
            workers => "$Workers",
            worker_connections => "$WorkerConnections",
            server_name => "$ServerName",
            config_preamble => bytes_of($ConfigPreamble),
            timeout => "$Timeout",
            use_hup => $UseHup ? JSON::PP::true : JSON::PP::false,
            check_accum_error_log => $CheckAccumErrLog ? JSON::PP::true : JSON::PP::false,
            env_to_nginx => [ map { bytes_of($_) } @EnvToNginx ],
            http_config_filter => $FilterHttpConfig ? JSON::PP::true : JSON::PP::false,
        },
        env => env_all(),
    });

    serve_calls();
    POSIX::_exit(0);
}

# serve_calls answers {"id": N, "arg": STRING} lines with the value of the
# N-th code reference applied to STRING, until standard input closes.
sub serve_calls () {
    binmode STDIN;
    while (my $line = <STDIN>) {
        my $req = eval { $JSON->decode($line) };
        if (!$req) {
            emit({ err => "bad request: $@" });
            next;
        }
        my $code = $Codes[$req->{id}];
        if (!$code) {
            emit({ err => "no code value $req->{id}" });
            next;
        }
        my $arg = $req->{arg};
        $arg = '' unless defined $arg;
        utf8::downgrade($arg, 1);
        my $res = eval { $code->($arg) };
        if ($@) {
            emit({ err => "$@" });
            next;
        }
        emit({ v => encode_value($res) });
    }
}

# A skip_all plan (from `plan skip_all => ...` or `use ... skip_all => ...`)
# ends the file here; other plans print nothing.
{
    require Test::Builder;
    no warnings 'redefine';
    my $orig = \&Test::Builder::plan;
    *Test::Builder::plan = sub {
        my ($self, $cmd, $arg) = @_;
        if (defined $cmd && $cmd eq 'skip_all') {
            emit({ skip_all => defined $arg ? "$arg" : '' });
            POSIX::_exit(0);
        }
        return 1;
    };
}

1;
