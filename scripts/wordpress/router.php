<?php
/*
 * Router for `php -S` (scripts/wordpress.sh start): existing files are served as they are (PHP files
 * run), everything else goes to WordPress's index.php, as Apache's rewrite rules would send it, so
 * pretty permalinks and /wp-json/ work.
 */
$root = rtrim($_SERVER['DOCUMENT_ROOT'], '/');
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
if ($path !== '/' && strpos($path, "\0") === false) {
    if (is_file($root . $path)) {
        return false;
    }
    if (is_dir($root . $path) && is_file(rtrim($root . $path, '/') . '/index.php')) {
        return false;
    }
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $root . '/index.php';
chdir($root);
require $root . '/index.php';
