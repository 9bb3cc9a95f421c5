<?php
/*
 * Loaded by every Readerdesk test instance (its wp-config.php points WPMU_PLUGIN_DIR here).
 * There is no mail transport on test machines: mail is dropped instead of failing noisily.
 */
add_filter('pre_wp_mail', '__return_true');

/*
 * Every REST request that changes something is logged to <instance>/rest-writes.log
 * ("POST /wp/v2/comments/12"), so tests can prove that no decision was sent twice.
 */
add_filter('rest_pre_dispatch', function ($result, $server, $request) {
    $method = $request->get_method();
    $dir = getenv('READERDESK_WP_INSTANCE');
    if ($method !== 'GET' && $method !== 'HEAD' && is_string($dir) && $dir !== '') {
        file_put_contents($dir . '/rest-writes.log', $method . ' ' . $request->get_route() . "\n",
            FILE_APPEND | LOCK_EX);
    }
    return $result;
}, 10, 3);

/*
 * A test can turn the REST API off, as security plugins do, by setting the option
 * readerdesk_test_rest_disabled: every REST request is then refused.
 */
add_filter('rest_authentication_errors', function ($result) {
    if (get_option('readerdesk_test_rest_disabled')) {
        return new WP_Error('rest_disabled', 'The REST API is disabled on this site.', ['status' => 403]);
    }
    return $result;
});
