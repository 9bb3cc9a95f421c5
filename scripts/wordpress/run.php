<?php
/*
 * Runs a PHP snippet inside an instance's loaded WordPress (scripts/wordpress.sh php DIR FILE|-):
 *   READERDESK_WP_INSTANCE=DIR php run.php WORDPRESS_TREE PORT FILE|-
 * The snippet runs in the global scope ($wpdb is there), as the administrator editor1 (as wp-admin
 * would), with or without a leading "<?php"; what it echoes is the output.
 */
if ($argc !== 4) {
    fwrite(STDERR, "usage: php run.php WORDPRESS_TREE PORT FILE|-\n");
    exit(2);
}
$readerdesk_source = $argv[3] === '-' ? stream_get_contents(STDIN) : file_get_contents($argv[3]);
if ($readerdesk_source === false) {
    fwrite(STDERR, "run.php: cannot read {$argv[3]}\n");
    exit(2);
}
$_SERVER['HTTP_HOST'] = '127.0.0.1:' . $argv[2];
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['SERVER_PORT'] = $argv[2];
$_SERVER['REQUEST_URI'] = '/';
// Errors go to stderr as PHP reports them, not as WordPress's HTML "critical error" page.
define('WP_DISABLE_FATAL_ERROR_HANDLER', true);
require $argv[1] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';

$readerdesk_admin = get_user_by('login', 'editor1');
if ($readerdesk_admin) {
    wp_set_current_user($readerdesk_admin->ID);
}
unset($readerdesk_admin);
if (preg_match('/^\s*<\?php/', $readerdesk_source)) {
    eval('?>' . ltrim($readerdesk_source));
} else {
    eval($readerdesk_source);
}
