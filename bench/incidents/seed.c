/*
 * seed.c - bulk-load realistic incidents for bench/incidents/run.sh.
 *
 *   seed --db URL --count N [--years Y] [--seed S] [--ids FILE]
 *        [--coordinator LOGIN] [--meta FILE]
 *
 * Writes N incidents into an instance made by `ungcuu init --sample`,
 * row for row as the service writes them when an incident is created,
 * its procedure steps move, its reports are sent and it is closed
 * (service/incident.c, step.c, send.c, timeline.c), but straight into
 * the tables in one transaction instead of ~60 statements per change:
 *
 *   incidents            every column the service sets; status,
 *                        next_due_at, serious_* and version derived by
 *                        the same domain functions the service calls
 *                        (uc_procedure_status, uc_clock_eval,
 *                        uc_serious_eval) from the simulated history
 *   incident_types       1-2 types of the pack's taxonomy
 *   incident_people      the creator (who may see a TLP:RED incident)
 *   incident_steps       the pack's normal procedure (legacy-2017: 12
 *                        steps), states from a simulated history that
 *                        goes through uc_procedure_change
 *   step_units           lead / coordinating units of each step, from
 *                        the parties bound in party_bindings
 *   report_sends         the notice and the final report when sent
 *   timeline_events      one line per change, with the service's text
 *   incidents_fts        (SQLite) / incidents.search (PostgreSQL,
 *                        to_tsvector('simple', ...)): the service's
 *                        search text, folded by core/fold.c
 *   incident_counters    SC-YYYY-NNNN numbering continues after them
 *
 * Not written: the audit log (its hash chain is per change; `audit
 * verify` still passes, the seeded history simply has no entries),
 * systems, tasks, comments, observables, evidence.
 *
 * Titles and descriptions are Vietnamese, built from a vocabulary per
 * incident type, so full-text queries have realistic selectivity: "tan
 * cong" matches a fifth of the incidents, a malware family or a CVE
 * between 3% and 0.3%. Detection times span Y years (default 3), denser
 * towards now (age = span * u^1.2); older incidents are mostly closed.
 * The same --seed gives the same data, relative to the time of the run.
 *
 * --ids FILE gets the public ids the coordinator LOGIN (default
 * dieuphoi) may read (not TLP:RED, or RED and named on it), one per
 * line, for the GET benchmark. --meta FILE gets "units=ID,..." (every
 * unit) and "types=CODE,..." (the types seeded), for the request mix.
 *
 * Build (run.sh does it): cc -std=c17 -O2 -D_GNU_SOURCE -Isrc seed.c
 *   build/libungcuu.a $(pkg-config --cflags --libs jansson sqlite3
 *   libpq ...), see run.sh.
 */
#include "core/arena.h"
#include "core/fold.h"
#include "core/mem.h"
#include "core/status.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/clock.h"
#include "domain/procedure.h"
#include "domain/rulepack.h"
#include "domain/serious.h"

#include <inttypes.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_MS (60 * 1000LL)
#define HOUR_MS (60 * MIN_MS)
#define DAY_MS (24 * HOUR_MS)

static void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("seed: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* ---- random ---------------------------------------------------------- */

static uint64_t rng_state = 0x5eed5eed2026ULL;

static uint64_t
rnd64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
unif(void)	/* [0, 1) */
{
	return (double)(rnd64() >> 11) / 9007199254740992.0;
}

static int
rnd(int n)	/* [0, n) */
{
	return (int)(unif() * n);
}

static int
chance(double p)
{
	return unif() < p;
}

static int64_t
between(int64_t lo, int64_t hi)
{
	return hi <= lo ? lo : lo + (int64_t)(unif() * (double)(hi - lo));
}

/* an index into weights[0 .. n - 1] */
static int
weighted(const int *w, int n)
{
	int total = 0, i, r;

	for (i = 0; i < n; i++)
		total += w[i];
	r = rnd(total);
	for (i = 0; i < n; i++)
		if ((r -= w[i]) < 0)
			return i;
	return n - 1;
}

#define PICK(a) ((a)[rnd((int)(sizeof(a) / sizeof((a)[0])))])

/* ---- vocabulary ------------------------------------------------------ */

/* What the incident hit. */
static const char *const targets[] = {
	"Cổng thông tin điện tử tỉnh",
	"Cổng dịch vụ công trực tuyến",
	"Hệ thống thư điện tử công vụ",
	"Hệ thống quản lý văn bản và điều hành",
	"Máy chủ cơ sở dữ liệu dân cư",
	"Trang thông tin điện tử của xã",
	"Hệ thống một cửa điện tử",
	"Máy chủ ứng dụng kế toán",
	"Mạng nội bộ của đơn vị",
	"Hệ thống hội nghị truyền hình trực tuyến",
	"Trung tâm dữ liệu tỉnh",
	"Hệ thống camera giám sát giao thông",
	"Máy trạm của cán bộ văn thư",
	"Tường lửa biên của mạng diện rộng",
	"Máy chủ tên miền nội bộ",
	"Hệ thống chứng thực chữ ký số",
	"Phần mềm quản lý hồ sơ cán bộ",
	"Hệ thống sao lưu dự phòng",
	"Cổng thanh toán trực tuyến",
	"Ứng dụng di động Hưng Yên số",
	"Hệ thống thông tin báo cáo kinh tế xã hội",
	"Máy chủ lưu trữ tài liệu số hóa",
};

struct type_vocab {
	const char *code;
	int weight;
	const char *phrase[3];	/* title openings */
	const char *sentence[3];	/* description sentences, %s = detail */
};

/* One entry per type of the legacy-2017 taxonomy; a type the pack does
 * not have is skipped. %s in a sentence takes a detail of details[]. */
static const struct type_vocab vocab[] = {
	{ "TC01", 8, { "Tấn công từ chối dịch vụ vào",
	    "Tấn công DDoS làm gián đoạn", "Lưu lượng truy cập bất thường "
	    "làm tê liệt" }, { "Lưu lượng tăng đột biến từ nhiều địa chỉ "
	    "nước ngoài, có lúc vượt %s.", "Hệ thống chống DDoS của nhà "
	    "mạng ghi nhận tấn công khuếch đại qua %s.", "Người dân phản "
	    "ánh không truy cập được dịch vụ trong nhiều giờ." } },
	{ "TC02", 12, { "Thư điện tử giả mạo gửi đến", "Trang web giả mạo "
	    "lừa đảo người dân mạo danh", "Tin nhắn lừa đảo giả danh" },
	  { "Thư giả mạo lãnh đạo đơn vị đề nghị chuyển khoản, đính kèm "
	    "tệp %s.", "Tên miền giả mạo %s sao chép giao diện để thu "
	    "thập mật khẩu.", "Nhiều cán bộ đã nhấp vào đường dẫn và nhập "
	    "tài khoản thư công vụ." } },
	{ "TC03", 12, { "Phát hiện mã độc trên", "Nhiễm mã độc tại",
	    "Cảnh báo mã độc kết nối máy chủ điều khiển từ" },
	  { "Phần mềm diệt virus phát hiện biến thể mã độc %s.",
	    "Máy bị nhiễm kết nối đến máy chủ điều khiển %s.",
	    "Mã độc lây lan qua thiết bị USB giữa các máy trạm." } },
	{ "TC04", 9, { "Truy cập trái phép vào", "Chiếm quyền quản trị",
	    "Đăng nhập bất thường vào tài khoản quản trị của" },
	  { "Nhật ký ghi nhận đăng nhập thành công từ địa chỉ lạ %s.",
	    "Kẻ tấn công khai thác lỗ hổng %s để chiếm quyền.",
	    "Tài khoản quản trị dùng mật khẩu yếu, không bật xác thực "
	    "hai yếu tố." } },
	{ "TC05", 5, { "Thay đổi giao diện trang chủ của",
	    "Tấn công deface", "Chèn nội dung cờ bạc vào" },
	  { "Trang chủ bị thay bằng nội dung xuyên tạc, ký tên %s.",
	    "Công cụ tìm kiếm hiển thị liên kết quảng cáo cờ bạc trỏ đến "
	    "%s.", "Giao diện được khôi phục từ bản sao lưu sau hai giờ." } },
	{ "TC06", 5, { "Mã độc tống tiền mã hóa dữ liệu của",
	    "Ransomware mã hóa máy chủ", "Dữ liệu bị mã hóa đòi tiền chuộc "
	    "tại" }, { "Các tệp bị đổi phần mở rộng, để lại thư đòi tiền "
	    "chuộc của nhóm %s.", "Kẻ tấn công đòi thanh toán bằng tiền mã "
	    "hóa trong 72 giờ.", "Bản sao lưu ngoại tuyến còn nguyên vẹn, "
	    "đang khôi phục." } },
	{ "TC07", 3, { "Phá hoại dữ liệu trên", "Xóa dữ liệu trái phép "
	    "tại", "Cơ sở dữ liệu bị phá hoại trên" }, { "Nhiều bảng dữ "
	    "liệu bị xóa bằng tài khoản %s.", "Nhật ký truy vấn cho thấy "
	    "lệnh xóa hàng loạt lúc nửa đêm.", "Đã khôi phục dữ liệu đến "
	    "thời điểm sao lưu gần nhất." } },
	{ "TC08", 4, { "Lộ lọt dữ liệu cá nhân từ", "Lấy cắp thông tin từ",
	    "Dữ liệu nội bộ bị rao bán, nghi lấy từ" }, { "Dữ liệu được "
	    "rao bán trên diễn đàn %s.", "Phát hiện truyền dữ liệu lớn "
	    "ra ngoài qua %s.", "Dữ liệu gồm họ tên, số định danh và số "
	    "điện thoại của người dân." } },
	{ "TC10", 4, { "Dò quét lỗ hổng nhắm vào", "Tấn công dò mật khẩu "
	    "vào", "Hoạt động trinh sát bất thường trên" }, { "Hệ thống "
	    "IDS ghi nhận dò quét cổng từ %s.", "Hàng nghìn lượt đăng nhập "
	    "sai trong một giờ, khai thác %s.", "Địa chỉ nguồn đã được "
	    "chặn trên tường lửa." } },
	{ "LH01", 5, { "Mất nguồn điện tại phòng máy chủ của",
	    "Sự cố bộ lưu điện UPS làm ngừng", "Chập điện gây ngừng hoạt "
	    "động" }, { "Bộ lưu điện hết pin sau %s.", "Máy phát điện dự "
	    "phòng không tự khởi động.", "Một ổ đĩa hỏng sau khi mất điện "
	    "đột ngột." } },
	{ "LH02", 6, { "Mất kết nối Internet của", "Đứt cáp quang làm "
	    "gián đoạn", "Mạng truyền số liệu chuyên dùng mất kết nối đến" },
	  { "Nhà mạng xác nhận đứt cáp quang trên tuyến %s.",
	    "Kết nối được chuyển sang đường truyền dự phòng.",
	    "Gián đoạn kéo dài khoảng %s." } },
	{ "LH03", 6, { "Lỗi phần mềm làm ngừng", "Lỗi phần cứng máy chủ "
	    "của", "Ứng dụng báo lỗi không xử lý được hồ sơ trên" },
	  { "Ứng dụng trả lỗi 500 sau bản cập nhật %s.",
	    "Bộ điều khiển RAID báo lỗi, mảng đĩa chuyển sang chế độ suy "
	    "giảm.", "Nhà cung cấp đã phát hành bản vá khắc phục." } },
	{ "LH04", 4, { "Quá tải hệ thống", "Quá tải máy chủ trong đợt cao "
	    "điểm của", "Chậm phản hồi kéo dài trên" }, { "Số người dùng "
	    "đồng thời vượt %s.", "Bộ nhớ máy chủ cơ sở dữ liệu bị dùng hết.",
	    "Đã bổ sung tài nguyên và cân bằng tải." } },
	{ "LH05", 2, { "Hỏng thiết bị lưu trữ của", "Sự cố thiết bị mạng "
	    "lõi ảnh hưởng", "Lỗi hạ tầng kỹ thuật tại" }, { "Thiết bị "
	    "chuyển mạch lõi khởi động lại liên tục, mã lỗi %s.", "Thiết "
	    "bị đã hết thời hạn bảo hành.", "Đã thay thế linh kiện dự "
	    "phòng." } },
	{ "QT01", 2, { "Cấu hình sai thiết bị mạng làm gián đoạn",
	    "Lỗi cấu hình tường lửa chặn nhầm", "Thay đổi định tuyến sai "
	    "ảnh hưởng" }, { "Quy tắc mới chặn nhầm dải địa chỉ %s.",
	    "Thay đổi không qua quy trình phê duyệt.", "Cấu hình cũ đã được "
	    "khôi phục." } },
	{ "QT02", 2, { "Cập nhật phần mềm lỗi trên", "Nâng cấp phiên bản "
	    "thất bại tại", "Cài bản vá không tương thích cho" },
	  { "Bản cập nhật %s gây lỗi tương thích.", "Không có kế hoạch "
	    "quay lui trước khi nâng cấp.", "Phiên bản cũ đã được cài lại." } },
	{ "QT03", 2, { "Vi phạm chính sách an toàn thông tin tại",
	    "Chia sẻ mật khẩu quản trị trái quy định ở", "Không tuân thủ "
	    "quy trình sao lưu của" }, { "Mật khẩu quản trị được dán trên "
	    "nhóm trò chuyện %s.", "Tài khoản dùng chung không được thu hồi "
	    "khi cán bộ chuyển công tác.", "Đơn vị đã tổ chức kiểm điểm, "
	    "rút kinh nghiệm." } },
	{ "QT04", 2, { "Dừng dịch vụ bắt buộc để bảo trì khẩn cấp",
	    "Tạm ngừng", "Ngừng cung cấp dịch vụ theo yêu cầu của cơ quan "
	    "chức năng đối với" }, { "Dịch vụ tạm dừng %s để xử lý.",
	    "Thông báo đã được đăng tải trước cho người dân.",
	    "Dịch vụ hoạt động trở lại bình thường." } },
	{ "QT05", 2, { "Xóa nhầm dữ liệu trên", "Lỗi thao tác của quản trị "
	    "viên làm ngừng", "Vận hành sai quy trình gây sự cố" },
	  { "Quản trị viên chạy nhầm lệnh xóa trên %s.", "Không có bước "
	    "kiểm tra chéo trước khi thao tác.", "Dữ liệu được khôi phục "
	    "từ bản sao lưu hằng ngày." } },
	{ "TH", 2, { "Ngập lụt phòng máy chủ của", "Cháy tủ điện ảnh hưởng",
	    "Bão làm hư hỏng hạ tầng mạng của" }, { "Mưa lớn do %s làm "
	    "nước tràn vào tầng hầm.", "Thiết bị được di chuyển lên tầng "
	    "cao.", "Hệ thống chuyển sang trung tâm dữ liệu dự phòng." } },
};

/* Details for the %s of a sentence, most frequent first (see detail()):
 * the rarer words of a search. */
static const char *const details[] = {
	"4 giờ", "DNS", "185.220.101.47", "Zalo", "12 giờ", "10 Gbps",
	"Telegram", "Emotet", "hungyen-gov.net", "CVE-2021-44228", "LockBit",
	"5000 phiên", "tuyến Văn Lâm - Mỹ Hào", "memcached", "Agent Tesla",
	"45.134.26.12", "dichvucong-hungyen.vn.com", "WannaCry",
	"CVE-2023-4966", "NTP", "Mirai", "PlugX", "cơn bão số 3",
	"mail-hungyen.top", "RedLine", "CVE-2024-3400", "Qakbot",
	"103.97.125.19", "AsyncRAT", "tuyến Phố Hiến", "ShadowPad",
	"CVE-2023-23397", "Conti", "194.26.29.113", "BlackCat",
	"CVE-2024-21762", "CVE-2022-41040",
};

/* Sentences any incident may have. */
static const char *const generic[] = {
	"Cán bộ trực phát hiện qua nhật ký hệ thống.",
	"Trung tâm Giám sát điều hành an toàn thông tin cảnh báo sớm.",
	"Đơn vị đã cô lập thiết bị bị ảnh hưởng và giữ nguyên hiện trường.",
	"Chưa xác định được thiệt hại về dữ liệu.",
	"Đã đổi mật khẩu toàn bộ tài khoản quản trị.",
	"Đề nghị Công an tỉnh hỗ trợ điều tra, xác minh.",
	"Đội ứng cứu sự cố của tỉnh đã cử cán bộ hỗ trợ tại chỗ.",
	"Dịch vụ công trực tuyến bị gián đoạn trong giờ hành chính.",
	"Đã thu thập nhật ký và bản sao ổ đĩa để phân tích.",
	"Sự cố tương tự đã xảy ra trong quý trước.",
	"Lãnh đạo đơn vị đã được báo cáo ngay sau khi phát hiện.",
	"Nhà cung cấp dịch vụ đã được thông báo để phối hợp xử lý.",
};

static const char *const na_reasons[] = {
	"Sự cố thông thường, đơn vị tự xử lý được",
	"Không cần chỉ đạo, điều phối của cấp trên",
	"Không áp dụng cho sự cố này",
};

static const char *const fail_reasons[] = {
	"Quét lại vẫn phát hiện mã độc trên một máy trạm",
	"Kiểm tra sau khôi phục còn lỗ hổng chưa vá",
	"Dịch vụ chưa ổn định, còn lỗi khi tải cao",
};

static const char *const channels[] = {
	"cong_van", "email", "email", "national_system",
};

static const char *const causes[] = {
	"Mật khẩu quản trị yếu, không bật xác thực hai yếu tố.",
	"Phần mềm chưa được cập nhật bản vá bảo mật.",
	"Cán bộ mở tệp đính kèm trong thư giả mạo.",
	"Thiết bị hết bảo hành, không có linh kiện dự phòng.",
	"Thay đổi cấu hình không qua quy trình phê duyệt.",
	"Hạ tầng điện của phòng máy chủ không bảo đảm.",
};

static const char *const damages[] = {
	"Gián đoạn dịch vụ 4 giờ; không mất dữ liệu.",
	"Mất dữ liệu phát sinh trong một ngày làm việc.",
	"Không có thiệt hại đáng kể.",
	"Chi phí thay thế thiết bị khoảng 50 triệu đồng.",
};

static const char *const lessons[] = {
	"Bắt buộc xác thực hai yếu tố cho mọi tài khoản quản trị.",
	"Cập nhật bản vá hằng tháng và theo dõi cảnh báo lỗ hổng.",
	"Tập huấn nhận diện thư giả mạo cho cán bộ.",
	"Diễn tập khôi phục từ bản sao lưu mỗi quý.",
	"Mọi thay đổi cấu hình phải có kế hoạch quay lui.",
};

/* ---- the instance ---------------------------------------------------- */

struct unit {
	int64_t id;
	char code[64];
	char path[256];
	int weight;
	int64_t creator;	/* an operator or leader granted over it */
};

struct user {
	int64_t id;
	char login[64];
};

struct binding {
	char party[64];
	int64_t unit_id;
};

static struct unit *units;
static size_t nunits;
static struct user *users;
static size_t nusers;
static struct binding bindings[64];
static size_t nbindings;
static int64_t coordinator_id;	/* reports on behalf of any unit */
static int64_t responder_id;	/* moves steps too (the IR team) */

static const char *
login_of(int64_t id)
{
	for (size_t i = 0; i < nusers; i++)
		if (users[i].id == id)
			return users[i].login;
	return "system";
}

static int64_t
bound_unit(const char *party)
{
	for (size_t i = 0; i < nbindings; i++)
		if (strcmp(bindings[i].party, party) == 0)
			return bindings[i].unit_id;
	return 0;
}

/* ---- the sink: SQLite statements or PostgreSQL COPY ------------------ */

enum tab {
	T_INCIDENTS, T_FTS, T_TYPES, T_PEOPLE, T_STEPS, T_STEP_UNITS,
	T_SENDS, T_TIMELINE, T_COUNTERS, T_COUNT
};

#define INCIDENT_COLS "id, public_id, unit_id, rulepack, source, title," \
	" description, status, procedure, tlp, priority, impact_c," \
	" impact_i, impact_a, harms, owner_cannot_handle, severity," \
	" serious_computed, serious_reasons_vi, serious_reasons_en," \
	" detected_at, reported_at, response_ended_at, closed_at," \
	" next_due_at, closing, exercise, created_by, version, created_at," \
	" updated_at"
#define INCIDENT_NCOLS 31

static struct table {
	const char *name;
	const char *cols;
	int ncols;
	sqlite3_stmt *st;
	FILE *f;
	long rows;
} tabs[T_COUNT] = {
	[T_INCIDENTS] = { "incidents", INCIDENT_COLS, INCIDENT_NCOLS,
	    NULL, NULL, 0 },
	[T_FTS] = { "incidents_fts", "rowid, body", 2, NULL, NULL, 0 },
	[T_TYPES] = { "incident_types", "incident_id, code", 2, NULL, NULL,
	    0 },
	[T_PEOPLE] = { "incident_people", "incident_id, user_id", 2, NULL,
	    NULL, 0 },
	[T_STEPS] = { "incident_steps", "id, incident_id, procedure, code,"
	    " ord, state, required, started_at, ended_at, note, na_reason,"
	    " failures, version, updated_at", 14, NULL, NULL, 0 },
	[T_STEP_UNITS] = { "step_units", "step_id, incident_id, unit_id,"
	    " role", 4, NULL, NULL, 0 },
	[T_SENDS] = { "report_sends", "id, incident_id, report_type,"
	    " reference, recipients, channel, sent_at, acked_at, created_by,"
	    " created_at", 10, NULL, NULL, 0 },
	[T_TIMELINE] = { "timeline_events", "id, incident_id, at,"
	    " recorded_at, actor_id, actor, kind, summary, detail", 9, NULL,
	    NULL, 0 },
	[T_COUNTERS] = { "incident_counters", "year, last", 2, NULL, NULL,
	    0 },
};

struct val {
	int kind;	/* 0 NULL, 1 integer, 2 text */
	int64_t i;
	const char *s;
};

static struct val
vs(const char *s)
{
	return (struct val){ s ? 2 : 0, 0, s };
}

#define VN ((struct val){ 0, 0, NULL })
#define VI(x) ((struct val){ 1, (int64_t)(x), NULL })
#define VS(x) vs(x)

static sqlite3 *lite;
static PGconn *pg;

static void
lite_exec(const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(lite, sql, NULL, NULL, &msg) != SQLITE_OK)
		die("sqlite: %s: %s", sql, msg ? msg : "?");
}

static PGresult *
pg_ok(PGresult *r, const char *what)
{
	ExecStatusType s = PQresultStatus(r);

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK &&
	    s != PGRES_COPY_IN)
		die("postgres: %s: %s", what, PQerrorMessage(pg));
	return r;
}

static void
pg_exec(const char *sql)
{
	PQclear(pg_ok(PQexec(pg, sql), sql));
}

static void
copy_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': fputs("\\\\", f); break;
		case '\t': fputs("\\t", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		default: fputc(*s, f);
		}
	}
}

static void
emit(enum tab t, const struct val *v, int n)
{
	struct table *tb = &tabs[t];
	int i;

	tb->rows++;
	if (lite != NULL) {
		for (i = 0; i < n; i++) {
			if (v[i].kind == 1)
				sqlite3_bind_int64(tb->st, i + 1, v[i].i);
			else if (v[i].kind == 2)
				sqlite3_bind_text(tb->st, i + 1, v[i].s, -1,
				    SQLITE_STATIC);
			else
				sqlite3_bind_null(tb->st, i + 1);
		}
		if (sqlite3_step(tb->st) != SQLITE_DONE)
			die("sqlite: insert into %s: %s", tb->name,
			    sqlite3_errmsg(lite));
		sqlite3_reset(tb->st);
		return;
	}
	for (i = 0; i < n; i++) {
		if (i)
			fputc('\t', tb->f);
		if (v[i].kind == 1)
			fprintf(tb->f, "%" PRId64, v[i].i);
		else if (v[i].kind == 2)
			copy_text(tb->f, v[i].s);
		else
			fputs("\\N", tb->f);
	}
	fputc('\n', tb->f);
}

static void
sink_open(void)
{
	char sql[2048], q[512];
	int t, i;

	for (t = 0; t < T_COUNT; t++) {
		struct table *tb = &tabs[t];

		if (lite != NULL) {
			q[0] = '\0';
			for (i = 0; i < tb->ncols; i++)
				strncat(q, i ? ", ?" : "?",
				    sizeof(q) - strlen(q) - 1);
			snprintf(sql, sizeof(sql), "INSERT INTO %s (%s) VALUES"
			    " (%s)", tb->name, tb->cols, q);
			if (sqlite3_prepare_v2(lite, sql, -1, &tb->st, NULL) !=
			    SQLITE_OK)
				die("sqlite: %s: %s", sql,
				    sqlite3_errmsg(lite));
		} else if (t != T_FTS) {
			if ((tb->f = tmpfile()) == NULL)
				die("tmpfile failed");
		}
	}
}

static void
copy_in(const char *table, const char *cols, FILE *f)
{
	char sql[1024], buf[1 << 16];
	size_t n;
	PGresult *r;

	snprintf(sql, sizeof(sql), "COPY %s (%s) FROM STDIN", table, cols);
	PQclear(pg_ok(PQexec(pg, sql), sql));
	rewind(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (PQputCopyData(pg, buf, (int)n) != 1)
			die("postgres: COPY %s: %s", table,
			    PQerrorMessage(pg));
	if (PQputCopyEnd(pg, NULL) != 1)
		die("postgres: COPY %s end: %s", table, PQerrorMessage(pg));
	while ((r = PQgetResult(pg)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			die("postgres: COPY %s: %s", table,
			    PQerrorMessage(pg));
		PQclear(r);
	}
}

/* Write everything out and commit. */
static void
sink_close(void)
{
	static const char *const seqs[][2] = {
		{ "incidents", "id" }, { "incident_steps", "id" },
		{ "report_sends", "id" }, { "timeline_events", "id" },
	};
	char sql[512];
	int t;

	if (lite != NULL) {
		for (t = 0; t < T_COUNT; t++)
			sqlite3_finalize(tabs[t].st);
		lite_exec("COMMIT");
		lite_exec("PRAGMA wal_checkpoint(TRUNCATE)");
		return;
	}
	/* incidents through a staging table: search = to_tsvector of the
	 * folded text, in the same statement as the row */
	pg_exec("CREATE TEMP TABLE seed_incidents AS SELECT " INCIDENT_COLS
	    " FROM incidents WITH NO DATA");
	pg_exec("ALTER TABLE seed_incidents ADD COLUMN body TEXT");
	copy_in("seed_incidents", INCIDENT_COLS ", body",
	    tabs[T_INCIDENTS].f);
	pg_exec("INSERT INTO incidents (" INCIDENT_COLS ", search) SELECT "
	    INCIDENT_COLS ", to_tsvector('simple', body) FROM seed_incidents"
	    " ORDER BY id");
	pg_exec("DROP TABLE seed_incidents");
	for (t = T_TYPES; t < T_COUNT; t++)
		copy_in(tabs[t].name, tabs[t].cols, tabs[t].f);
	for (size_t i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT setval(pg_get_serial_"
		    "sequence('%s', '%s'), (SELECT COALESCE(MAX(%s), 0) + 1"
		    " FROM %s), false)", seqs[i][0], seqs[i][1], seqs[i][1],
		    seqs[i][0]);
		pg_exec(sql);
	}
	pg_exec("COMMIT");
	for (t = 0; t < T_COUNT; t++)
		if (tabs[t].f != NULL)
			fclose(tabs[t].f);
}

/* ---- reading the instance -------------------------------------------- */

/* Rows of a query as strings: cb(row, ncols, user). */
typedef void (*row_cb)(char **row, int n, void *user);

static void
query(const char *sql, row_cb cb, void *user)
{
	char *row[16];
	int i, n;

	if (lite != NULL) {
		sqlite3_stmt *st;

		if (sqlite3_prepare_v2(lite, sql, -1, &st, NULL) != SQLITE_OK)
			die("sqlite: %s: %s", sql, sqlite3_errmsg(lite));
		n = sqlite3_column_count(st);
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (i = 0; i < n && i < 16; i++)
				row[i] = (char *)sqlite3_column_text(st, i);
			cb(row, n, user);
		}
		sqlite3_finalize(st);
		return;
	}
	PGresult *r = pg_ok(PQexec(pg, sql), sql);

	n = PQnfields(r);
	for (int k = 0; k < PQntuples(r); k++) {
		for (i = 0; i < n && i < 16; i++)
			row[i] = PQgetisnull(r, k, i) ? NULL :
			    PQgetvalue(r, k, i);
		cb(row, n, user);
	}
	PQclear(r);
}

static void
one_int(char **row, int n, void *user)
{
	(void)n;
	*(int64_t *)user = row[0] ? strtoll(row[0], NULL, 10) : 0;
}

static void
add_unit(char **row, int n, void *user)
{
	struct unit *u;

	(void)n;
	(void)user;
	units = uc_xrealloc(units, (nunits + 1) * sizeof(*units));
	u = &units[nunits++];
	memset(u, 0, sizeof(*u));
	u->id = strtoll(row[0], NULL, 10);
	snprintf(u->code, sizeof(u->code), "%s", row[1]);
	snprintf(u->path, sizeof(u->path), "%s", row[2]);
	/* the root reports least: its own systems are few */
	u->weight = strchr(u->path + 1, '/')[1] == '\0' ? 1 : 2;
}

static void
add_user(char **row, int n, void *user)
{
	struct user *p;

	(void)n;
	(void)user;
	users = uc_xrealloc(users, (nusers + 1) * sizeof(*users));
	p = &users[nusers++];
	p->id = strtoll(row[0], NULL, 10);
	snprintf(p->login, sizeof(p->login), "%s", row[1]);
}

static void
add_binding(char **row, int n, void *user)
{
	(void)n;
	(void)user;
	if (nbindings == sizeof(bindings) / sizeof(bindings[0]))
		return;
	snprintf(bindings[nbindings].party, sizeof(bindings[0].party), "%s",
	    row[0]);
	bindings[nbindings++].unit_id = strtoll(row[1], NULL, 10);
}

/* An operator or leader granted over a unit reports its incidents: the
 * deepest grant whose path is a prefix of the unit's. */
static void
add_reporter(char **row, int n, void *user)
{
	int64_t uid = strtoll(row[0], NULL, 10);
	size_t len = strlen(row[1]);

	(void)n;
	(void)user;
	for (size_t i = 0; i < nunits; i++) {
		struct unit *u = &units[i];

		/* rows come shallow first, operator after leader: the
		 * last match is the deepest operator */
		if (strncmp(u->path, row[1], len) == 0)
			u->creator = uid;
	}
}

static void
first_coordinator(char **row, int n, void *user)
{
	(void)n;
	if (*(int64_t *)user == 0)
		*(int64_t *)user = strtoll(row[0], NULL, 10);
}

static void
load_instance(const char *coord_login, char *pack_id, size_t packlen)
{
	char sql[512];
	int64_t n = -1;

	query("SELECT COUNT(*) FROM incidents", one_int, &n);
	if (n != 0)
		die("the database already has %" PRId64 " incidents; seed a"
		    " fresh instance", n);
	query("SELECT id, code, path FROM units ORDER BY path", add_unit,
	    NULL);
	query("SELECT id, login FROM users ORDER BY id", add_user, NULL);
	query("SELECT party, unit_id FROM party_bindings ORDER BY party",
	    add_binding, NULL);
	query("SELECT g.user_id, u.path FROM role_grants g JOIN units u ON"
	    " u.id = g.unit_id WHERE g.role IN ('operator', 'leader') ORDER"
	    " BY length(u.path), g.role", add_reporter, NULL);
	if (nunits == 0 || nusers == 0)
		die("no units or users: run `ungcuu init --sample` first");
	for (size_t i = 0; i < nusers; i++)
		if (strcmp(users[i].login, coord_login) == 0)
			coordinator_id = users[i].id;
	if (coordinator_id == 0)
		query("SELECT user_id FROM role_grants WHERE role ="
		    " 'coordinator' ORDER BY user_id", first_coordinator,
		    &coordinator_id);
	if (coordinator_id == 0)
		coordinator_id = users[0].id;
	query("SELECT user_id FROM role_grants WHERE role = 'member' ORDER"
	    " BY user_id", first_coordinator, &responder_id);
	if (responder_id == 0)
		responder_id = coordinator_id;
	snprintf(sql, sizeof(sql), "legacy-2017");
	if (lite != NULL) {
		sqlite3_stmt *st;

		if (sqlite3_prepare_v2(lite, "SELECT value FROM settings WHERE"
		    " key = 'rulepack'", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			snprintf(sql, sizeof(sql), "%s",
			    sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	} else {
		PGresult *r = PQexec(pg, "SELECT value FROM settings WHERE"
		    " key = 'rulepack'");

		if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r))
			snprintf(sql, sizeof(sql), "%s", PQgetvalue(r, 0, 0));
		PQclear(r);
	}
	snprintf(pack_id, packlen, "%s", sql);
}

/* ---- one incident ---------------------------------------------------- */

struct when {
	int64_t detected;
	int64_t reported;
};

static int
by_reported(const void *a, const void *b)
{
	const struct when *x = a, *y = b;

	return (x->reported > y->reported) - (x->reported < y->reported);
}

enum ev_kind { EV_STEP, EV_SEND, EV_CLOSE };

struct event {
	enum ev_kind kind;
	const char *code;	/* step */
	enum uc_step_state to;
	int failed;
	const char *reason;
	const char *report;	/* send */
	int64_t at;
};

struct step {
	const struct uc_rp_step *d;
	int64_t id;
	enum uc_step_state state;
	int64_t started, ended, updated;
	const char *na_reason;
	int failures;
	int version;
};

struct stats {
	long status[UC_PROCEDURE_STATUS_COUNT];
	long closed, overdue_open, due_set, red, fails;
};

static const struct uc_rulepack *pack;
static const struct uc_rp_procedure *normal;
static int64_t normal_ord_base;
static const struct uc_rp_type *types_ok[64];
static const struct type_vocab *types_voc[64];
static int ntypes_ok;
static const struct uc_rp_report *notice_rep, *final_rep;
static int64_t next_step_id = 1, next_send_id = 1, next_event_id = 1;
static struct stats stats;
static int64_t now_ms;

static void
iso(int64_t ms, char *buf)
{
	uc_time_format(ms, buf, UC_TIME_ISO_LEN + 1);
}

static void
setup_pack(const char *id)
{
	struct uc_error err;

	memset(&err, 0, sizeof(err));
	if (uc_rulepack_get(id, &pack, &err) != UC_OK)
		die("rule pack %s: %s", id, err.message);
	for (size_t p = 0; p < pack->nprocedures; p++)
		if (strcmp(pack->procedures[p].code, "normal") == 0) {
			normal = &pack->procedures[p];
			normal_ord_base = (int64_t)p * 1000;
		}
	if (normal == NULL)
		die("rule pack %s has no normal procedure", id);
	for (size_t i = 0; i < sizeof(vocab) / sizeof(vocab[0]); i++) {
		const struct uc_rp_type *t = uc_rulepack_type(pack,
		    vocab[i].code);

		if (t != NULL && !t->multi_label && ntypes_ok < 64) {
			types_ok[ntypes_ok] = t;
			types_voc[ntypes_ok++] = &vocab[i];
		}
	}
	if (ntypes_ok == 0)
		die("rule pack %s: no type of the vocabulary", id);
	for (size_t i = 0; i < pack->nreports; i++) {
		const struct uc_rp_report *r = &pack->reports[i];

		if (r->closure)
			final_rep = r;
		else if (notice_rep == NULL &&
		    r->deadline.anchor == UC_ANCHOR_DETECTION)
			notice_rep = r;
	}
}

static struct step *
find_step(struct step *st, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(st[i].d->code, code) == 0)
			return &st[i];
	return NULL;
}

static void
timeline(int64_t incident, int64_t at, int64_t actor, const char *summary,
    const char *detail)
{
	char when[32];
	struct val v[9];

	iso(at, when);
	v[0] = VI(next_event_id++);
	v[1] = VI(incident);
	v[2] = VS(when);
	v[3] = VS(when);
	v[4] = VI(actor);
	v[5] = VS(login_of(actor));
	v[6] = VS("change");
	v[7] = VS(summary);
	v[8] = VS(detail);
	emit(T_TIMELINE, v, 9);
}

/* A detail, Zipf-like: the first of details[] in about one sentence
 * in six, the last in one in a thousand. */
static const char *
detail(void)
{
	enum { N = sizeof(details) / sizeof(details[0]) };
	static int w[N];

	if (w[0] == 0)
		for (int i = 0; i < N; i++)
			w[i] = (int)(100000.0 / pow(i + 1, 1.4));
	return details[weighted(w, N)];
}

/* Title, description and the types of one incident. */
static void
texts(const struct type_vocab **tv, int *ntypes, char *title, size_t tlen,
    char *desc, size_t dlen, const struct unit *u)
{
	static int wts[64];
	const struct type_vocab *v;
	const char *s;
	char one[600];
	size_t o = 0;
	int i, k, nsent;

	for (i = 0; i < ntypes_ok; i++)
		wts[i] = types_voc[i]->weight;
	tv[0] = types_voc[weighted(wts, ntypes_ok)];
	*ntypes = 1;
	if (chance(0.12)) {	/* a second, different type */
		v = types_voc[weighted(wts, ntypes_ok)];
		if (v != tv[0])
			tv[(*ntypes)++] = v;
	}
	v = tv[0];
	s = PICK(targets);
	/* the target follows the phrase in lower case when its first
	 * letter is plain ASCII ("Cổng" -> "cổng"); "Ứng dụng" stays */
	snprintf(title, tlen, "%s %c%s%s", v->phrase[rnd(3)],
	    s[0] >= 'A' && s[0] <= 'Z' ? s[0] - 'A' + 'a' : s[0], s + 1,
	    chance(0.25) ? (u->code[0] == 'X' ? " của xã" : " của đơn vị") :
	    "");
	nsent = 2 + rnd(3);
	for (k = 0; k < nsent && o < dlen; k++) {
		const struct type_vocab *src = tv[k == 2 && *ntypes > 1];

		if (k < 2 || chance(0.5)) {
			s = src->sentence[rnd(3)];
			snprintf(one, sizeof(one), s, detail());
		} else {
			snprintf(one, sizeof(one), "%s", PICK(generic));
		}
		o += (size_t)snprintf(desc + o, dlen - o, "%s%s", o ? " " : "",
		    one);
	}
}

static const char *
closing_json(void)
{
	static char *last;
	json_t *j = json_pack("{ss ss ss}", "root_cause", PICK(causes),
	    "damage_estimate", PICK(damages), "lessons_learned",
	    PICK(lessons));

	free(last);
	last = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return last;
}

static char *
detail_json(const struct event *e)
{
	json_t *j;
	char *s;

	if (e->failed)
		j = json_pack("{sb ss}", "failed", 1, "reason", e->reason);
	else if (e->reason != NULL)
		j = json_pack("{ss ss}", "state",
		    uc_procedure_state_name(e->to), "reason", e->reason);
	else
		j = json_pack("{ss}", "state", uc_procedure_state_name(e->to));
	s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return s;
}

/* The plan of one incident: which step requests, sends and closure
 * happen, in order (times come later). */
static size_t
plan(struct event *ev, size_t max, double age_days, int *closed_out)
{
	size_t n = 0, nsteps = normal->nsteps, i;
	double p_closed = age_days > 120 ? 0.93 : age_days > 45 ? 0.75 :
	    age_days > 14 ? 0.45 : age_days > 3 ? 0.15 : 0.0;
	int closed = chance(p_closed), k, check = -1, notice_at, final = 0;
	int noticed = 0;
	int notice = closed ? chance(0.97) : chance(age_days > 2 ? 0.8 :
	    0.3);

	for (i = 0; i < nsteps; i++)
		if (normal->steps[i].phase == UC_PHASE_CHECK)
			check = (int)i;
	if (closed)
		k = (int)nsteps;
	else if (age_days < 1)
		k = rnd(3);
	else
		k = rnd((int)nsteps + 1);
	notice_at = rnd(4);
#define ADD(...) do { if (n < max) ev[n++] = (struct event){ __VA_ARGS__ }; \
	} while (0)
	for (i = 0; i < (size_t)k; i++) {
		const struct uc_rp_step *d = &normal->steps[i];

		if (notice && !noticed && (int)n >= notice_at) {
			ADD(EV_SEND, NULL, 0, 0, NULL, notice_rep->code, 0);
			noticed = 1;
		}
		if (!d->required && chance(0.75)) {
			ADD(EV_STEP, d->code, UC_STEP_NOT_APPLICABLE, 0,
			    PICK(na_reasons), NULL, 0);
			continue;
		}
		if ((int)i == check && chance(0.05)) {
			/* the check fails once: containment and removal
			 * reopen, recovery and the check start over */
			ADD(EV_STEP, d->code, UC_STEP_IN_PROGRESS, 0, NULL,
			    NULL, 0);
			ADD(EV_STEP, d->code, 0, 1, PICK(fail_reasons), NULL,
			    0);
			for (size_t r = 0; r < d->reopen.n; r++)
				ADD(EV_STEP, d->reopen.v[r], UC_STEP_DONE, 0,
				    NULL, NULL, 0);
			for (size_t r = 0; r < d->reset.n; r++)
				if (strcmp(d->reset.v[r], d->code) != 0)
					ADD(EV_STEP, d->reset.v[r],
					    UC_STEP_DONE, 0, NULL, NULL, 0);
			stats.fails++;
		}
		if (chance(0.5))
			ADD(EV_STEP, d->code, UC_STEP_IN_PROGRESS, 0, NULL,
			    NULL, 0);
		ADD(EV_STEP, d->code, UC_STEP_DONE, 0, NULL, NULL, 0);
	}
	if (notice && !noticed)
		ADD(EV_SEND, NULL, 0, 0, NULL, notice_rep->code, 0);
	if (!closed && k < (int)nsteps && chance(0.7))
		ADD(EV_STEP, normal->steps[k].code, UC_STEP_IN_PROGRESS, 0,
		    NULL, NULL, 0);
	if (check >= 0 && k > check)
		final = closed || chance(k == (int)nsteps ? 0.5 : 0.3);
	if (final && final_rep != NULL)
		ADD(EV_SEND, NULL, 0, 0, NULL, final_rep->code, 0);
	if (closed)
		ADD(EV_CLOSE, NULL, 0, 0, NULL, NULL, 0);
#undef ADD
	*closed_out = closed;
	return n;
}

static void
incident(int64_t id, const char *pid, const struct when *w, FILE *ids)
{
	static const char *const tlps[] = { "CLEAR", "GREEN", "AMBER",
	    "AMBER+STRICT", "RED" };
	static const int tlp_w[] = { 5, 28, 55, 8, 4 };
	static const char *const prios[] = { "P1", "P2", "P3", "P4" };
	static const int prio_w[] = { 5, 20, 55, 20 };
	static const char *const impacts[] = { "none", "low", "medium",
	    "high" };
	static const int imp_w[] = { 45, 30, 17, 8 };
	static int unit_w[256];
	const struct type_vocab *tv[3];
	struct step st[UC_RP_MAX_STEPS];
	struct uc_step_item items[UC_RP_MAX_STEPS];
	struct event ev[96];
	struct uc_clock_send sends[4];
	struct uc_clock clocks[UC_CLOCK_MAX];
	struct uc_clock_facts facts;
	struct uc_serious_input sin;
	struct uc_serious_result sres;
	struct uc_error err;
	char title[400], desc[2000], *body, when[8][32], ref[128];
	const struct unit *u;
	const char *tlp, *source;
	int64_t creator, t, last, ended = 0, closed_at = 0, next;
	size_t nev, nst = normal->nsteps, nsends = 0, i, nclk = 0;
	int ntypes, closed, version = 2, final_sent = 0;
	double age = (double)(now_ms - w->reported) / DAY_MS;
	struct val v[INCIDENT_NCOLS + 1];

	memset(&err, 0, sizeof(err));
	for (i = 0; i < nunits && i < 256; i++)
		unit_w[i] = units[i].weight;
	u = &units[weighted(unit_w, (int)(nunits < 256 ? nunits : 256))];
	creator = u->creator && chance(0.7) ? u->creator : coordinator_id;
	source = chance(0.2) ? "token" : "unit";
	tlp = tlps[weighted(tlp_w, 5)];
	texts(tv, &ntypes, title, sizeof(title), desc, sizeof(desc), u);

	/* steps, as uc_step_sync inserts them at creation */
	for (i = 0; i < nst; i++) {
		memset(&st[i], 0, sizeof(st[i]));
		st[i].d = &normal->steps[i];
		st[i].id = next_step_id++;
		st[i].state = UC_STEP_PENDING;
		st[i].updated = w->reported;
		st[i].na_reason = "";
		st[i].version = 1;
	}

	/* the history, spread between the report and now */
	nev = plan(ev, sizeof(ev) / sizeof(ev[0]), age, &closed);
	{
		double span = closed ? fmin((1 + unif() * 44) * DAY_MS,
		    age * DAY_MS * 0.95) : age * DAY_MS * (0.2 + 0.75 *
		    unif());
		double gap = span / (double)(nev + 1);

		t = w->reported;
		for (i = 0; i < nev; i++) {
			t += (int64_t)(gap * (0.5 + unif())) + 1000;
			if (t > now_ms - MIN_MS)
				t = now_ms - MIN_MS;
			ev[i].at = t;
		}
	}

	timeline(id, w->reported, creator, "Tiếp nhận báo cáo sự cố", NULL);
	last = w->reported;
	for (i = 0; i < nev; i++) {
		struct event *e = &ev[i];
		int64_t actor = chance(0.6) ? creator : responder_id;

		t = e->at;
		last = t;
		if (e->kind == EV_STEP) {
			struct uc_step_request req = { e->code, e->to,
			    e->failed, e->reason, 1 };
			struct uc_step_changes ch;
			char what[256], *det;
			int end = 0, reopened = 0;

			for (size_t s = 0; s < nst; s++) {
				items[s].code = st[s].d->code;
				items[s].state = st[s].state;
			}
			if (uc_procedure_change(pack, items, nst, &req, &ch,
			    &err) != UC_OK)
				die("incident %s: step %s: %s", pid, e->code,
				    err.message);
			for (size_t c = 0; c < ch.n; c++) {
				struct step *s = find_step(st, nst,
				    ch.v[c].code);
				enum uc_step_state to = ch.v[c].to;

				s->state = to;
				if (to != UC_STEP_PENDING && s->started == 0)
					s->started = t;
				if (to == UC_STEP_DONE ||
				    to == UC_STEP_NOT_APPLICABLE) {
					if (s->ended == 0)
						s->ended = t;
				} else {
					s->ended = 0;
				}
				s->na_reason = to == UC_STEP_NOT_APPLICABLE &&
				    e->reason ? e->reason : "";
				s->version++;
				s->updated = t;
				if (s->d->phase == UC_PHASE_CHECK) {
					end |= to == UC_STEP_DONE;
					reopened |= ch.v[c].from ==
					    UC_STEP_DONE || to ==
					    UC_STEP_PENDING;
				}
			}
			if (e->failed)
				find_step(st, nst, e->code)->failures++;
			if (end && ended == 0)
				ended = t;
			else if (!end && reopened)
				ended = 0;
			snprintf(what, sizeof(what), e->failed ? "Bước %s: "
			    "kiểm tra không đạt, quay lại ngăn chặn, xử lý" :
			    "Bước %s: %s", e->code,
			    uc_procedure_state_name(e->to));
			det = detail_json(e);
			timeline(id, t, actor, what, det);
			free(det);
		} else if (e->kind == EV_SEND) {
			const struct uc_rp_report *r = uc_rulepack_report(pack,
			    e->report);
			int64_t sent = t - between(0, HOUR_MS);
			json_t *rc = json_array();
			char *rcpt, *det, what[300];
			struct val sv[10];

			if (sent < w->detected)
				sent = w->detected;
			for (size_t p = 0; p < r->recipients.n; p++)
				json_array_append_new(rc,
				    json_string(r->recipients.v[p]));
			rcpt = json_dumps(rc, JSON_COMPACT);
			json_decref(rc);
			ref[0] = '\0';
			if (chance(0.8))
				snprintf(ref, sizeof(ref), "%d/BC-%s",
				    1 + rnd(300), u->code);
			iso(sent, when[0]);
			iso(t, when[1]);
			sv[0] = VI(next_send_id);
			sv[1] = VI(id);
			sv[2] = VS(r->code);
			sv[3] = VS(ref);
			sv[4] = VS(rcpt);
			sv[5] = VS(PICK(channels));
			sv[6] = VS(when[0]);
			sv[7] = VN;
			sv[8] = VI(actor);
			sv[9] = VS(when[1]);
			emit(T_SENDS, sv, 10);
			free(rcpt);
			det = NULL;
			{
				json_t *d = json_pack("{sI}", "send_id",
				    (json_int_t)next_send_id);

				det = json_dumps(d, JSON_COMPACT);
				json_decref(d);
			}
			next_send_id++;
			snprintf(what, sizeof(what), "Gửi %s%s%s%s", r->vi,
			    *ref ? " (số " : "", ref, *ref ? ")" : "");
			timeline(id, t, actor, what, det);
			free(det);
			if (nsends < 4) {
				sends[nsends].report = r->code;
				sends[nsends].sent_at = sent;
				sends[nsends++].acked_at = 0;
			}
			if (r == final_rep)
				final_sent = 1;
		} else {
			const char *blocker = NULL;

			for (size_t s = 0; s < nst; s++) {
				items[s].code = st[s].d->code;
				items[s].state = st[s].state;
			}
			if (uc_procedure_can_close(pack, items, nst,
			    final_sent, &blocker, &err) != UC_OK)
				die("incident %s cannot close: %s", pid,
				    err.message);
			closed_at = t;
			timeline(id, t, actor, "Kết thúc ứng cứu sự cố", NULL);
		}
		version++;
	}

	/* what refresh() derives, from the final state */
	for (i = 0; i < nst; i++) {
		items[i].code = st[i].d->code;
		items[i].state = st[i].state;
	}
	enum uc_procedure_status status = uc_procedure_status(pack, items,
	    nst, final_sent, closed_at != 0);
	memset(&facts, 0, sizeof(facts));
	facts.detected_at = w->detected;
	facts.reported_at = w->reported;
	facts.response_ended_at = ended;
	facts.sends = sends;
	facts.nsends = nsends;
	facts.closed = closed_at != 0;
	if (uc_clock_eval(pack, &facts, last, clocks, UC_CLOCK_MAX, &nclk,
	    &err) != UC_OK)
		die("incident %s: clocks: %s", pid, err.message);
	next = uc_clock_next_due(clocks, nclk);
	memset(&sin, 0, sizeof(sin));
	if (uc_serious_eval(pack, &sin, &sres, &err) != UC_OK)
		die("serious test: %s", err.message);
	stats.status[status]++;
	stats.closed += closed_at != 0;
	stats.due_set += next != 0;
	stats.overdue_open += next != 0 && next < now_ms && !closed_at;
	stats.red += strcmp(tlp, "RED") == 0;

	iso(w->detected, when[0]);
	iso(w->reported, when[1]);
	iso(ended, when[2]);
	iso(closed_at, when[3]);
	iso(next, when[4]);
	iso(last, when[5]);
	v[0] = VI(id);
	v[1] = VS(pid);
	v[2] = VI(u->id);
	v[3] = VS(pack->id);
	v[4] = VS(source);
	v[5] = VS(title);
	v[6] = VS(desc);
	v[7] = VS(uc_procedure_status_name(status));
	v[8] = VS("normal");
	v[9] = VS(tlp);
	v[10] = VS(prios[weighted(prio_w, 4)]);
	v[11] = VS(impacts[weighted(imp_w, 4)]);
	v[12] = VS(impacts[weighted(imp_w, 4)]);
	v[13] = VS(impacts[weighted(imp_w, 4)]);
	v[14] = VS("[]");
	v[15] = VI(0);
	v[16] = VS(sres.serious ? "serious" : "normal");
	v[17] = VI(sres.serious);
	v[18] = VS(sres.vi);
	v[19] = VS(sres.en);
	v[20] = VS(when[0]);
	v[21] = VS(when[1]);
	v[22] = ended ? VS(when[2]) : VN;
	v[23] = closed_at ? VS(when[3]) : VN;
	v[24] = next ? VS(when[4]) : VN;
	v[25] = closed_at ? VS(closing_json()) : VN;
	v[26] = VI(0);
	v[27] = VI(creator);
	v[28] = VI(version);
	v[29] = VS(when[1]);
	v[30] = VS(when[5]);
	{
		/* write_search(): "pid title description systems report
		 * notice", folded to words; systems is "[]", the others
		 * absent */
		struct uc_arena *a = uc_arena_new();
		char *text;

		text = uc_arena_printf(a, "%s %s %s %s %s %s", pid, title,
		    desc, "[]", "", "");
		body = uc_fold_words(a, text);
		if (lite != NULL) {
			emit(T_INCIDENTS, v, INCIDENT_NCOLS);
			v[0] = VI(id);
			v[1] = VS(body);
			emit(T_FTS, v, 2);
		} else {
			v[INCIDENT_NCOLS] = VS(body);
			emit(T_INCIDENTS, v, INCIDENT_NCOLS + 1);
		}
		uc_arena_free(a);
	}
	for (int k = 0; k < ntypes; k++) {
		v[0] = VI(id);
		v[1] = VS(tv[k]->code);
		emit(T_TYPES, v, 2);
	}
	v[0] = VI(id);
	v[1] = VI(creator);
	emit(T_PEOPLE, v, 2);
	if (ids != NULL && (strcmp(tlp, "RED") != 0 ||
	    creator == coordinator_id))
		fprintf(ids, "%s\n", pid);

	for (i = 0; i < nst; i++) {
		struct step *s = &st[i];
		const struct uc_rp_list *lists[2] = { &s->d->lead,
		    &s->d->coordinate };
		static const char *const roles[2] = { "lead",
		    "coordinating" };
		int64_t seen[2][32];
		int nseen[2] = { 0, 0 };

		iso(s->started, when[0]);
		iso(s->ended, when[1]);
		iso(s->updated, when[2]);
		v[0] = VI(s->id);
		v[1] = VI(id);
		v[2] = VS(normal->code);
		v[3] = VS(s->d->code);
		v[4] = VI(normal_ord_base + (int64_t)i);
		v[5] = VS(uc_procedure_state_name(s->state));
		v[6] = VI(s->d->required);
		v[7] = s->started ? VS(when[0]) : VN;
		v[8] = s->ended ? VS(when[1]) : VN;
		v[9] = VS("");
		v[10] = VS(s->na_reason);
		v[11] = VI(s->failures);
		v[12] = VI(s->version);
		v[13] = VS(when[2]);
		emit(T_STEPS, v, 14);
		/* add_units(): operator = the incident's unit, the others
		 * as bound; unbound parties get no row; no duplicates */
		for (int r = 0; r < 2; r++) {
			for (size_t p = 0; p < lists[r]->n; p++) {
				const char *party = lists[r]->v[p];
				int64_t unit = strcmp(party, "operator") == 0 ?
				    u->id : bound_unit(party);
				int dup = 0;

				for (int q = 0; q < nseen[r]; q++)
					dup |= seen[r][q] == unit;
				if (unit == 0 || dup || nseen[r] == 32)
					continue;
				seen[r][nseen[r]++] = unit;
				v[0] = VI(s->id);
				v[1] = VI(id);
				v[2] = VI(unit);
				v[3] = VS(roles[r]);
				emit(T_STEP_UNITS, v, 4);
			}
		}
	}
}

/* ---- main ------------------------------------------------------------ */

/* For the request scripts: "units=1,2,..." and "types=TC01,...". */
static void
write_meta(const char *path)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		die("cannot write %s", path);
	fputs("units=", f);
	for (size_t i = 0; i < nunits; i++)
		fprintf(f, "%s%" PRId64, i ? "," : "", units[i].id);
	fputs("\ntypes=", f);
	for (int i = 0; i < ntypes_ok; i++)
		fprintf(f, "%s%s", i ? "," : "", types_ok[i]->code);
	fputc('\n', f);
	if (fclose(f) != 0)
		die("cannot write %s", path);
}

static void
usage(void)
{
	fputs("usage: seed --db sqlite:PATH|postgres://... --count N"
	    " [--years Y] [--seed S] [--ids FILE] [--coordinator LOGIN]"
	    " [--meta FILE]\n",
	    stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *db = NULL, *ids_path = NULL, *coord = "dieuphoi";
	const char *meta_path = NULL;
	long count = 0, years = 3;
	char pack_id[512], pid[32];
	struct when *w;
	FILE *ids = NULL;
	int64_t year_last[10000 - 1970];
	int64_t t0, t_gen, t_load, span;
	int year, first_year = 9999, last_year = 0;

	for (int i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "--db") == 0)
			db = argv[++i];
		else if (strcmp(argv[i], "--count") == 0)
			count = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--years") == 0)
			years = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--seed") == 0)
			rng_state ^= strtoull(argv[++i], NULL, 10) *
			    0x2545f4914f6cdd1dULL;
		else if (strcmp(argv[i], "--ids") == 0)
			ids_path = argv[++i];
		else if (strcmp(argv[i], "--coordinator") == 0)
			coord = argv[++i];
		else if (strcmp(argv[i], "--meta") == 0)
			meta_path = argv[++i];
		else
			usage();
	}
	if (db == NULL || count < 1 || count > 10000000 || years < 1 ||
	    years > 50)
		usage();

	if (strncmp(db, "sqlite:", 7) == 0) {
		if (sqlite3_open_v2(db + 7, &lite, SQLITE_OPEN_READWRITE,
		    NULL) != SQLITE_OK)
			die("cannot open %s: %s", db + 7,
			    sqlite3_errmsg(lite));
		sqlite3_busy_timeout(lite, 10000);
		lite_exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=OFF;"
		    " PRAGMA cache_size=-200000");
	} else if (strncmp(db, "postgres://", 11) == 0 ||
	    strncmp(db, "postgresql://", 13) == 0) {
		pg = PQconnectdb(db);
		if (PQstatus(pg) != CONNECTION_OK)
			die("cannot connect: %s", PQerrorMessage(pg));
		pg_exec("SET TIME ZONE 'UTC'");
	} else {
		die("--db is sqlite:PATH or postgres://...");
	}

	now_ms = uc_time_now_ms();
	load_instance(coord, pack_id, sizeof(pack_id));
	setup_pack(pack_id);
	if (ids_path != NULL && (ids = fopen(ids_path, "w")) == NULL)
		die("cannot write %s", ids_path);

	/* detection times over the years, denser towards now; the report
	 * follows within minutes to two days; ids in order of report, as
	 * creation gives them */
	w = uc_xcalloc((size_t)count, sizeof(*w));
	span = (int64_t)years * 365 * DAY_MS;
	for (long i = 0; i < count; i++) {
		int64_t age = (int64_t)(pow(unif(), 1.2) * (double)span) +
		    30 * MIN_MS;
		double d = unif();

		w[i].detected = now_ms - age;
		w[i].reported = w[i].detected + (int64_t)(d * d * d * 48 *
		    HOUR_MS) + 5 * MIN_MS;
		if (w[i].reported > now_ms - MIN_MS)
			w[i].reported = now_ms - MIN_MS;
	}
	qsort(w, (size_t)count, sizeof(*w), by_reported);
	t0 = uc_time_mono_ns();

	memset(year_last, 0, sizeof(year_last));
	if (lite != NULL)	/* rows refer to the incident written last */
		lite_exec("BEGIN; PRAGMA defer_foreign_keys=ON");
	else	/* the rows are consistent by construction (SQLite checks
		 * the same generator with foreign keys on): skip the
		 * per-row foreign-key triggers */
		pg_exec("BEGIN; SET LOCAL session_replication_role = replica");
	sink_open();
	for (long i = 0; i < count; i++) {
		year = uc_calendar_date_of(w[i].reported) / 10000;
		if (year < 1970 || year >= 10000)
			die("year %d out of range", year);
		year_last[year - 1970]++;
		if (year < first_year)
			first_year = year;
		if (year > last_year)
			last_year = year;
		snprintf(pid, sizeof(pid), "SC-%04d-%04" PRId64, year,
		    year_last[year - 1970]);
		incident((int64_t)i + 1, pid, &w[i], ids);
	}
	for (year = first_year; year <= last_year; year++) {
		struct val v[2] = { VI(year), VI(year_last[year - 1970]) };

		if (year_last[year - 1970] > 0)
			emit(T_COUNTERS, v, 2);
	}
	t_gen = uc_time_mono_ns();
	sink_close();
	t_load = uc_time_mono_ns();
	if (ids != NULL && fclose(ids) != 0)
		die("cannot write %s", ids_path);
	if (meta_path != NULL)
		write_meta(meta_path);
	if (pg != NULL) {
		pg_exec("VACUUM (ANALYZE)");
		PQfinish(pg);
	} else {
		sqlite3_close(lite);
	}

	fprintf(stderr, "seed: %ld incidents (%s, pack %s) in %.1f s"
	    " (generate %.1f, load %.1f, %s %.1f): %ld steps, %ld step"
	    " units, %ld timeline events, %ld sends\n", count,
	    pg ? "postgres" : "sqlite", pack->id,
	    (double)(uc_time_mono_ns() - t0) / 1e9,
	    (double)(t_gen - t0) / 1e9, (double)(t_load - t_gen) / 1e9,
	    pg ? "vacuum+analyze" : "close",
	    (double)(uc_time_mono_ns() - t_load) / 1e9, tabs[T_STEPS].rows,
	    tabs[T_STEP_UNITS].rows, tabs[T_TIMELINE].rows,
	    tabs[T_SENDS].rows);
	fprintf(stderr, "seed: status");
	for (int s = 0; s < UC_PROCEDURE_STATUS_COUNT; s++)
		if (stats.status[s])
			fprintf(stderr, " %s=%ld", uc_procedure_status_name(
			    (enum uc_procedure_status)s), stats.status[s]);
	fprintf(stderr, "; next_due_at set %ld (open and overdue %ld);"
	    " TLP:RED %ld; failed checks %ld\n", stats.due_set,
	    stats.overdue_open, stats.red, stats.fails);
	uc_free(w);
	return 0;
}
