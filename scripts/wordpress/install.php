<?php
/*
 * Installs WordPress into a fresh instance database without a browser (scripts/wordpress.sh start):
 *   READERDESK_WP_INSTANCE=DIR php install.php WORDPRESS_TREE PORT
 * Site URL http://127.0.0.1:PORT, pretty permalinks, no sample content; users editor1 (administrator)
 * and reader1 (subscriber), each with an application password named "readerdesk".
 * Prints the instance's env lines (WP_URL=..., ...) on stdout.
 */
if ($argc !== 3) {
    fwrite(STDERR, "usage: php install.php WORDPRESS_TREE PORT\n");
    exit(2);
}
[, $tree, $port] = $argv;
$url = "http://127.0.0.1:$port";
$_SERVER['HTTP_HOST'] = "127.0.0.1:$port";
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['SERVER_PORT'] = $port;
$_SERVER['REQUEST_URI'] = '/wp-admin/install.php';
$_SERVER['PHP_SELF'] = $_SERVER['SCRIPT_NAME'] = '/wp-admin/install.php';

define('WP_INSTALLING', true);
// Errors go to stderr as PHP reports them, not as WordPress's HTML "critical error" page.
define('WP_DISABLE_FATAL_ERROR_HANDLER', true);
require $tree . '/wp-load.php';

// Pluggable: no "your new site" e-mail.
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {
}
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

if (is_blog_installed()) {
    fwrite(STDERR, "install.php: WordPress is already installed in this database\n");
    exit(1);
}
$result = wp_install('Readerdesk test site', 'editor1', 'editor1@example.com', false, '',
    wp_generate_password(24, false));
$admin_id = (int) $result['user_id'];

update_option('siteurl', $url);
update_option('home', $url);
update_option('blogdescription', 'A WordPress for Readerdesk tests');
// A zone other than UTC so that `date` and `date_gmt` differ, as on most real sites (no DST there).
update_option('timezone_string', 'Europe/Moscow');
update_option('gmt_offset', '');
update_option('upload_path', getenv('READERDESK_WP_INSTANCE') . '/uploads');
update_option('comment_moderation', 0);
update_option('comments_notify', 0);
update_option('moderation_notify', 0);

global $wp_rewrite, $wpdb;
$wp_rewrite->set_permalink_structure('/%postname%/');
$wp_rewrite->flush_rules(false);

// No sample content (the "Hello world!" post and its comment, the sample and privacy pages), and ids
// starting at 1, so tests can count what they seed.
foreach (get_posts(['post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1, 'fields' => 'ids']) as $id) {
    wp_delete_post($id, true);
}
foreach (get_comments(['status' => 'all', 'fields' => 'ids']) as $id) {
    wp_delete_comment($id, true);
}
update_option('wp_page_for_privacy_policy', 0);
foreach (['comments', 'commentmeta', 'posts', 'postmeta'] as $table) {
    $wpdb->query("ALTER TABLE {$wpdb->prefix}$table AUTO_INCREMENT = 1");
}

wp_update_user(['ID' => $admin_id, 'display_name' => 'Editor One', 'first_name' => 'Editor', 'last_name' => 'One']);
$reader_id = wp_insert_user([
    'user_login' => 'reader1',
    'user_pass' => wp_generate_password(24, false),
    'user_email' => 'reader1@example.com',
    'display_name' => 'Reader One',
    'role' => 'subscriber',
]);
if (is_wp_error($reader_id)) {
    fwrite(STDERR, 'install.php: ' . $reader_id->get_error_message() . "\n");
    exit(1);
}

function readerdesk_app_password(int $user_id): string {
    $created = WP_Application_Passwords::create_new_application_password($user_id, ['name' => 'readerdesk']);
    if (is_wp_error($created)) {
        fwrite(STDERR, 'install.php: ' . $created->get_error_message() . "\n");
        exit(1);
    }
    // As wp-admin shows it: groups of four separated by spaces (WordPress ignores the spaces).
    return WP_Application_Passwords::chunk_password($created[0]);
}

echo "WP_URL=$url\n";
echo "WP_ADMIN_USER=editor1\n";
echo 'WP_ADMIN_PASSWORD=' . readerdesk_app_password($admin_id) . "\n";
echo "WP_SUBSCRIBER_USER=reader1\n";
echo 'WP_SUBSCRIBER_PASSWORD=' . readerdesk_app_password((int) $reader_id) . "\n";
