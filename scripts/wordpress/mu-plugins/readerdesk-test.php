<?php
/*
 * Loaded by every Readerdesk test instance (its wp-config.php points WPMU_PLUGIN_DIR here).
 * There is no mail transport on test machines: mail is dropped instead of failing noisily.
 */
add_filter('pre_wp_mail', '__return_true');
