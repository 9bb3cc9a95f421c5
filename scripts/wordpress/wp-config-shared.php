<?php
/*
 * Readerdesk: this replaces the Debian package's wp-config.php (which reads /etc/wordpress/config-*.php),
 * so that one unpacked WordPress tree serves any number of test instances read-only.
 * scripts/wordpress.sh copies it into .tools/wordpress/usr/share/wordpress/wp-config.php.
 * The environment variable READERDESK_WP_INSTANCE names the instance directory; its own wp-config.php
 * (written by scripts/wordpress.sh start) holds the database socket, the keys and the settings.
 */
$readerdesk_instance = getenv('READERDESK_WP_INSTANCE');
if (!is_string($readerdesk_instance) || $readerdesk_instance === ''
    || !is_file($readerdesk_instance . '/wp-config.php')) {
    if (PHP_SAPI !== 'cli') {
        header('HTTP/1.1 500 Internal Server Error');
    }
    echo "READERDESK_WP_INSTANCE does not name a WordPress instance directory (see scripts/wordpress.sh)\n";
    exit(1);
}
if (!defined('ABSPATH')) {
    define('ABSPATH', __DIR__ . '/');
}
require $readerdesk_instance . '/wp-config.php';
require_once ABSPATH . 'wp-settings.php';
