"""The roster import as trainers write rosters (issue 20): roles in either language and any case (the plan's
ids and names and the usual synonyms: Agent, 坐席, 客服 are the frontline), an unknown role in one line naming
the file, the line and the accepted names (a Chinese line shows no role id), and two real people of the same
name, told apart by an id column, both imported."""
import pytest

from sim.format.errors import ScenarioError
from sim.store.results import Store
from sim.store.roster import import_trainees, read_roster, role_key


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def problems(path, plan, lang="en") -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        read_roster(path, plan, lang)
    return [p.text(lang) for p in caught.value.problems]


@pytest.mark.parametrize(("written", "role"), [
    ("Agent", "frontline"), ("AGENT", "frontline"), ("坐席", "frontline"), ("客服", "frontline"),
    ("ａｇｅｎｔ", "frontline"),                      # full-width, as a Chinese input method types it
    ("Customer Service Department", "frontline"), ("客户服务部", "frontline"), ("Front-Line", "frontline"),
    ("crisis-group", "crisis_group"), ("Crisis Group", "crisis_group"), ("危机管理小组", "crisis_group"),
    ("客诉处理小组", "crisis_group"),                # one half of "客诉处理小组 / 危机管理小组"
    ("complaint specialist", "specialist"), ("PR", "marketing_pr"), ("Tech_Support", "tech_support"),
])
def test_roles_are_read_as_people_write_them(plan, tmp_path, written, role):
    path = write(tmp_path / "r.csv", f"name,team,role\nAnn,A,{written}\n")
    assert read_roster(path, plan) == [("Ann", "A", role)]


def test_role_key_folds_case_width_and_separators():
    assert role_key(" Crisis--Group_ ") == "crisis group" == role_key("CRISIS_GROUP")
    assert role_key("坐席") == "坐席" and role_key("Agents") != role_key("Agent")     # no guessing at plurals


def test_an_unknown_role_is_one_line_with_the_file_the_line_and_the_accepted_names(plan, tmp_path):
    path = write(tmp_path / "r.csv", "name,team,role\nAnn,A,agent\nBo,B,Chief\n")
    (line,) = problems(path, plan)
    assert line.startswith(f"{path}:3: role: unknown role 'Chief'; the plan's roles: Customer service department "
                           "(frontline, agent,")
    assert "坐席" in line and "Logistics department (logistics" in line and "\n" not in line
    (line,) = problems(path, plan, "zh")
    assert line.startswith(f"{path}:3: 角色：未知角色 'Chief'；预案中的角色：客户服务部（坐席、客服")
    assert not any(f"{rid}" in line.split("：", 1)[1] for rid in ("frontline", "crisis_group", "tech_support",
                                                                  "marketing_pr"))


def test_two_people_of_the_same_name_are_told_apart_by_their_id(plan, tmp_path):
    path = write(tmp_path / "r.csv", "姓名,团队,角色,工号\n王小明,热线一组,坐席,E1024\n李娜,热线一组,客服,E3\n"
                                     "王小明,热线二组,Agent,E2048\n")
    assert read_roster(path, plan) == [("王小明 (E1024)", "热线一组", "frontline"), ("李娜", "热线一组", "frontline"),
                                       ("王小明 (E2048)", "热线二组", "frontline")]
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}")
    cid = store.cohort("Hotline", 2026)
    assert import_trainees(store, cid, path, plan) == {"new": 3, "updated": 0, "same": 0}
    assert [m.name for m in store.members(cid)] == ["王小明 (E1024)", "李娜", "王小明 (E2048)"]
    assert import_trainees(store, cid, path, plan) == {"new": 0, "updated": 0, "same": 3}   # the same people again


def test_an_email_column_tells_them_apart_too_and_a_lone_name_keeps_its_name(plan, tmp_path):
    path = write(tmp_path / "r.csv", "Name,Team,Role,Email\nAnn Li,A,,ann.li@example.org\nAnn Li,B,,ann.li2@example.org\n"
                                     "Bo,B,,bo@example.org\n")
    assert [n for n, _, _ in read_roster(path, plan)] == ["Ann Li (ann.li@example.org)", "Ann Li (ann.li2@example.org)",
                                                          "Bo"]


def test_the_same_name_twice_without_an_id_names_both_lines_and_says_how(plan, tmp_path):
    path = write(tmp_path / "r.csv", "name,team,role\nAnn,A,agent\nBo,B,\nAnn,C,\n")
    assert problems(path, plan) == [(f"{path}:4: name: 'Ann' is listed twice (first on line 2); if they are two "
                                    "people, add an id column (employee number or email) to tell them apart")]


def test_a_shared_name_needs_an_id_on_every_line_and_different_ids(plan, tmp_path):
    path = write(tmp_path / "r.csv", "name,team,role,employee id\nAnn,A,,E1\nAnn,B,,\nAnn,C,,E1\nBo,,,\n")
    assert problems(path, plan) == [
        (f"{path}:3: employee id: 'Ann' is listed more than once, so this person needs an entry in the 'employee id' "
        "column"),
        f"{path}:4: name: 'Ann (E1)' is listed twice (first on line 2)"]


def test_a_qualified_name_may_not_take_the_name_of_someone_listed_on_their_own(plan, tmp_path):
    path = write(tmp_path / "r.csv", "name,team,role,id\nAnn (E1),A,,\nAnn,A,,E1\nAnn,B,,E2\n")
    assert problems(path, plan) == [f"{path}:3: name: 'Ann (E1)' is listed twice (first on line 2)"]
