<?php
/*
 * Seeds an instance with posts and comments (scripts/wordpress.sh seed DIR --comments N [--posts P]):
 *   READERDESK_WP_INSTANCE=DIR php seed.php WORDPRESS_TREE PORT N P
 * Deterministic: every property of comment i (0-based, in this run) follows from i, N and P alone (only
 * the dates move with the clock), so tests can count. Prints one line of JSON with the counts.
 *
 *   post         comment i belongs to post i % P
 *   status       i = 0, 1, 2, 3: approved, hold, spam, trash; then by crc32: 70% approved ('1'),
 *                15% hold ('0'), 10% spam, 5% trash. Trashed ones carry _wp_trash_meta_status/_time as
 *                wp_trash_comment leaves them; half the spam carries them too (marked by a moderator).
 *   type         i % 50 == 5: pingback; i % 200 == 9: trackback; otherwise comment
 *   thread       about 40% of the comments (i >= P) reply to an earlier approved comment of the same
 *                post, at most 4 levels deep; a quarter of the approved replies are editor1's
 *   author       one of max(1, min(240, ceil(N/4))) authors; 1 author in 5 writes in Russian (Cyrillic
 *                name and text); distinct e-mails, IPs 203.0.113.x or (1 in 4) 2001:db8::x, a browser
 *                user agent; some have a URL
 *   dates        spread over the last 90 days, increasing with i (replies come after their parents);
 *                comment_date_gmt in UTC, comment_date in the site's zone (Europe/Moscow, UTC+3)
 */
if ($argc !== 5) {
    fwrite(STDERR, "usage: php seed.php WORDPRESS_TREE PORT COMMENTS POSTS\n");
    exit(2);
}
[, $tree, $port, $n, $p] = $argv;
$n = (int) $n;
$p = (int) $p;
$_SERVER['HTTP_HOST'] = "127.0.0.1:$port";
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['SERVER_PORT'] = $port;
$_SERVER['REQUEST_URI'] = '/';
// Errors go to stderr as PHP reports them, not as WordPress's HTML "critical error" page.
define('WP_DISABLE_FATAL_ERROR_HANDLER', true);
require $tree . '/wp-load.php';

function h(string $salt, int $i): int {
    return crc32("$salt:$i");
}

const LATIN_FIRST = ['Alice', 'Bob', 'Carol', 'David', 'Erin', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Mallory', 'Oscar'];
const LATIN_LAST = ['Smith', 'Jones', 'Taylor', 'Brown', 'Walker', 'Wright', 'Green', 'Hall', 'Wood', 'Clarke'];
const CYR_FIRST = ['Иван', 'Мария', 'Алексей', 'Ольга', 'Дмитрий', 'Наталья', 'Сергей', 'Екатерина'];
const CYR_LAST = ['Петров', 'Смирнова', 'Кузнецов', 'Соколова', 'Попов', 'Лебедева', 'Козлов', 'Новикова'];
const LATIN_TEXT = [
    'Thanks for writing this up, it answered the question I had.',
    'I am not sure I agree with the second point. Have you tried it the other way round?',
    'Great post! Bookmarked.',
    "This worked for me on the first try.\n\nOne thing to add: restart afterwards.",
    'Could you say more about how this compares with last year\'s version?',
    'Small typo in the third paragraph, otherwise excellent & very clear.',
];
const CYR_TEXT = [
    'Спасибо за статью, очень полезно!',
    'Не совсем согласен со вторым пунктом. А если сделать наоборот?',
    "У меня заработало с первого раза.\n\nДобавлю: потом нужно перезапустить.",
    'Отличный текст, сохранил в закладки. Ждём продолжения «истории».',
    'Есть опечатка в третьем абзаце, в остальном всё ясно.',
];
const AGENTS = [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
    'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.43 Mobile Safari/537.36',
];

global $wpdb;
$admin = get_user_by('login', 'editor1');
$now = time();
$span = 90 * 86400 - 3600;
$start = $now - 90 * 86400;
$step = max(1, intdiv($span, max(1, $n)));
$authors = max(1, min(240, intdiv($n + 3, 4)));

wp_defer_term_counting(true);
wp_defer_comment_counting(true);
$wpdb->query('START TRANSACTION');

$posts = [];
for ($k = 0; $k < $p; $k++) {
    $gmt = gmdate('Y-m-d H:i:s', $start - ($p - $k) * 600);
    $cyr = $k % 5 === 4;
    $id = wp_insert_post([
        'post_title' => $cyr ? "Запись №$k: заметки читателя" : "Sample post $k",
        'post_content' => $cyr ? "<!-- wp:paragraph -->\n<p>Текст записи $k.</p>\n<!-- /wp:paragraph -->"
            : "<!-- wp:paragraph -->\n<p>The text of post $k.</p>\n<!-- /wp:paragraph -->",
        'post_status' => 'publish',
        'post_author' => $admin ? $admin->ID : 1,
        'post_date_gmt' => $gmt,
        'post_date' => get_date_from_gmt($gmt),
        'comment_status' => 'open',
        'ping_status' => 'open',
    ], true);
    if (is_wp_error($id)) {
        fwrite(STDERR, 'seed.php: ' . $id->get_error_message() . "\n");
        exit(1);
    }
    $posts[] = $id;
}

$counts = ['approved' => 0, 'hold' => 0, 'spam' => 0, 'trash' => 0, 'pingback' => 0, 'trackback' => 0,
    'replies' => 0, 'cyrillic' => 0];
$ids = [];       // comment index => id
$depth = [];     // comment index => depth (0 = top level)
$approved = [];  // comment index => approved plain comment?
$first_id = null;
$last_id = null;
for ($i = 0; $i < $n; $i++) {
    $post_index = $i % $p;
    $type = $i % 50 === 5 ? 'pingback' : ($i % 200 === 9 ? 'trackback' : 'comment');
    if ($i < 4) {
        $status = ['1', '0', 'spam', 'trash'][$i];
    } else {
        $s = h('status', $i) % 20;
        $status = $s < 14 ? '1' : ($s < 17 ? '0' : ($s < 19 ? 'spam' : 'trash'));
    }
    $a = h('author', $i) % $authors;
    $cyr = $a % 5 === 0;
    $t = $start + $i * $step + h('time', $i) % $step;
    $gmt = gmdate('Y-m-d H:i:s', $t);

    $parent_index = null;
    if ($type === 'comment' && h('reply', $i) % 5 < 2) {
        $candidate = $i - $p * (1 + h('sibling', $i) % 3);
        if ($candidate >= 0 && $approved[$candidate] && $depth[$candidate] < 4) {
            $parent_index = $candidate;
        }
    }
    $by_admin = $parent_index !== null && $status === '1' && $admin && h('admin', $i) % 4 === 0;

    $first = ($cyr ? CYR_FIRST : LATIN_FIRST)[$a % ($cyr ? count(CYR_FIRST) : count(LATIN_FIRST))];
    $last = ($cyr ? CYR_LAST : LATIN_LAST)[intdiv($a, 5) % ($cyr ? count(CYR_LAST) : count(LATIN_LAST))];
    $ip = $a % 4 === 3 ? '2001:db8::' . dechex(0x100 + $a) : '203.0.113.' . ($a % 254 + 1);
    $data = [
        'comment_post_ID' => $posts[$post_index],
        'comment_type' => $type,
        'comment_approved' => $status,
        'comment_parent' => $parent_index === null ? 0 : $ids[$parent_index],
        'comment_date_gmt' => $gmt,
        'comment_date' => get_date_from_gmt($gmt),
        'comment_author_IP' => $ip,
        'comment_agent' => AGENTS[$a % count(AGENTS)],
        'user_id' => 0,
        'comment_meta' => [],
    ];
    if ($type === 'comment') {
        $texts = $cyr ? CYR_TEXT : LATIN_TEXT;
        $content = $texts[h('text', $i) % count($texts)];
        if (h('link', $i) % 10 === 0) {
            $content .= ' See <a href="https://example.com/notes/' . $i . '">my notes</a>.';
        }
        $data['comment_content'] = $content . " (seed #$i)";
        if ($by_admin) {
            $data['comment_author'] = $admin->display_name;
            $data['comment_author_email'] = $admin->user_email;
            $data['comment_author_url'] = '';
            $data['comment_author_IP'] = '198.51.100.7';
            $data['comment_agent'] = AGENTS[0];
            $data['user_id'] = $admin->ID;
            $cyr = false;
        } else {
            $data['comment_author'] = "$first $last";
            $data['comment_author_email'] = ($cyr ? "chitatel$a@example.ru" : strtolower("$first.$last.$a@example.com"));
            $data['comment_author_url'] = $a % 3 === 0 ? "https://author$a.example.org/" : '';
        }
    } else {
        $cyr = false;
        $title = get_the_title($posts[$post_index]);
        $data['comment_author'] = "Example Blog $a";
        $data['comment_author_email'] = '';
        $data['comment_author_url'] = "https://blog$a.example/$i/";
        $data['comment_author_IP'] = '192.0.2.' . ($a % 254 + 1);
        if ($type === 'pingback') {
            $data['comment_agent'] = 'The Incutio XML-RPC PHP Library -- WordPress/6.1.9';
            $data['comment_content'] = "[&#8230;] More about $title over here [&#8230;] (seed #$i)";
        } else {
            $data['comment_agent'] = "WordPress/6.1.9; https://blog$a.example";
            $data['comment_content'] = "<strong>A reply to $title</strong>\n\nAn excerpt of that post (seed #$i)";
        }
    }
    if ($status === 'trash' || ($status === 'spam' && h('spam-meta', $i) % 2 === 0)) {
        $data['comment_meta'] = [
            '_wp_trash_meta_status' => h('was', $i) % 3 === 0 ? '1' : '0',
            '_wp_trash_meta_time' => $t + 3600,
        ];
    }
    $id = wp_insert_comment(wp_slash($data));
    if (!$id) {
        fwrite(STDERR, "seed.php: comment $i was not inserted: {$wpdb->last_error}\n");
        exit(1);
    }
    $ids[$i] = $id;
    $depth[$i] = $parent_index === null ? 0 : $depth[$parent_index] + 1;
    $approved[$i] = $status === '1' && $type === 'comment';
    $first_id = $first_id ?? $id;
    $last_id = $id;
    $counts[['1' => 'approved', '0' => 'hold', 'spam' => 'spam', 'trash' => 'trash'][$status]]++;
    if ($type !== 'comment') {
        $counts[$type]++;
    }
    if ($parent_index !== null) {
        $counts['replies']++;
    }
    if ($cyr) {
        $counts['cyrillic']++;
    }
}

wp_defer_comment_counting(false);
wp_defer_term_counting(false);
$wpdb->query('COMMIT');
echo json_encode(['posts' => $p, 'comments' => $n] + $counts
    + ['first_comment_id' => $first_id, 'last_comment_id' => $last_id]), "\n";
