"""End-to-end test of `neo serve` driven by the real AWS SDK for Python (boto3).

Starts the server on a free loopback port with a temporary NEO_HOME and credentials
file, then checks, through an unmodified boto3 SageMaker client pointed at it with
endpoint_url: a job runs to COMPLETED with its artifact present and its digest right;
invalid requests raise the error types the service uses with specific messages;
unsigned and badly signed requests are refused; a running job stops (STOPPED) and
one past MaxRuntimeInSeconds FAILS; listing filters, sorts and pages; killing the
server while a job runs leaves that job FAILED with a reason after a restart, and
nothing else lost.

usage: boto3_e2e.py NEO_EXECUTABLE MODEL.onnx WORK_DIR
"""
import hashlib
import http.client
import atexit
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

NEO, MODEL, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
KEY, SECRET = "AKIDNEOTEST0001", "neo-test-secret/abc+XYZ"
ROLE = "arn:aws:iam::123456789012:role/neo-test"
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


class Server:
    def __init__(self, home, creds):
        self.proc = subprocess.Popen([NEO, "serve", "--port", "0", "--credentials", creds, "--grace-seconds", "1"],
                                     env=dict(os.environ, NEO_HOME=home), stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"listening on (http://127\.0\.0\.1:(\d+))", line)
        if not m:
            raise SystemExit("neo serve did not start: " + line)
        self.url, self.port = m.group(1), int(m.group(2))
        atexit.register(self.kill)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()


def client(url, key=KEY, secret=SECRET, signed=True, validate=True):
    cfg = Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=30,
                 parameter_validation=validate)
    if not signed:
        cfg = cfg.merge(Config(signature_version=botocore.UNSIGNED))
    return boto3.client("sagemaker", endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret, config=cfg)


def job_request(name, uri, out, **extra):
    req = dict(CompilationJobName=name, RoleArn=ROLE,
               InputConfig={"S3Uri": uri, "Framework": "ONNX", "DataInputConfig": '{"image": [1, 1, 8, 8]}'},
               OutputConfig={"S3OutputLocation": out, "TargetDevice": "ml_c5"},
               StoppingCondition={"MaxRuntimeInSeconds": 120})
    for k, v in extra.items():
        req[k] = v
    return req


def wait_status(sm, name, statuses, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        d = sm.describe_compilation_job(CompilationJobName=name)
        if d["CompilationJobStatus"] in statuses:
            return d
        time.sleep(0.2)
    raise SystemExit(f"job {name} did not reach {statuses}; last: {d['CompilationJobStatus']}")


def expect_error(what, code, text, call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        err = e.response["Error"]
        check(err["Code"] == code and text in err["Message"],
              f"{what}: {code} mentioning {text!r} (got {err['Code']}: {err['Message'][:160]})")
        return
    check(False, f"{what}: the call succeeded, expected {code}")


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    home, out = os.path.join(WORK, "home"), os.path.join(WORK, "out")
    os.makedirs(home)
    creds = os.path.join(WORK, "credentials")
    with open(creds, "w") as f:
        f.write(f"# test keys\n{KEY} {SECRET}\n")
    model_tgz = os.path.join(WORK, "digits.tar.gz")
    with tarfile.open(model_tgz, "w:gz") as t:
        t.add(MODEL, arcname="digits.onnx")
    fifo = os.path.join(WORK, "never-written.onnx")  # a model that never arrives: the job runs until stopped
    os.mkfifo(fifo)

    server = Server(home, creds)
    sm = client(server.url)

    # 1. create -> poll describe -> COMPLETED with the artifact present.
    arn = sm.create_compilation_job(**job_request("digits-1", "file://" + model_tgz, "file://" + out))["CompilationJobArn"]
    check(arn.endswith(":compilation-job/digits-1"), "create returns the job's ARN " + arn)
    d = wait_status(sm, "digits-1", {"COMPLETED", "FAILED"})
    check(d["CompilationJobStatus"] == "COMPLETED", "digits-1 COMPLETED " + d.get("FailureReason", ""))
    art = d["ModelArtifacts"]["S3ModelArtifacts"]
    check(art == "file://" + out + "/digits-1-ml_c5.tar.gz", "artifact at S3OutputLocation as <name>-<target>.tar.gz")
    path = art[len("file://"):]
    check(os.path.isfile(path), "the artifact file exists")
    digest = "sha256:" + hashlib.sha256(open(path, "rb").read()).hexdigest()
    check(d.get("ModelDigests", {}).get("ArtifactDigest") == digest, "ArtifactDigest is the artifact's sha256")
    with tarfile.open(path) as t:
        names = set(t.getnames())
        check({"model.json", "manifest.json", "model.params"} <= names, "artifact holds model.json, manifest, params")
        model_json = json.load(t.extractfile("model.json"))
    check(model_json["inputs"][0]["name"] == "image", "artifact model.json names the model's input")
    check(json.loads(d["DerivedInformation"]["DerivedDataInputConfig"]) == {"image": [1, 1, 8, 8]},
          "DerivedDataInputConfig from the model")
    for k in ("CreationTime", "LastModifiedTime", "CompilationStartTime", "CompilationEndTime"):
        check(hasattr(d[k], "year"), f"{k} parses as a timestamp")
    check(d["CreationTime"] <= d["CompilationStartTime"] <= d["CompilationEndTime"], "times in order")

    # 2. invalid requests -> the SDK raises the right error (its own checks off, so that
    # the server's are what is tested).
    create = client(server.url, validate=False).create_compilation_job
    expect_error("bad name", "ValidationException", "CompilationJobName", create,
                 **job_request("-bad-", model_tgz, out))
    expect_error("bad role", "ValidationException", "RoleArn", create,
                 **job_request("r1", model_tgz, out, RoleArn="arn:aws:iam::12:role/x-but-long-enough"))
    expect_error("device and platform", "ValidationException", "mutually exclusive", create,
                 **job_request("x1", model_tgz, out, OutputConfig={"S3OutputLocation": out, "TargetDevice": "ml_c5",
                                                                   "TargetPlatform": {"Os": "LINUX", "Arch": "X86_64"}}))
    expect_error("unknown device", "ValidationException", "rasp9", create,
                 **job_request("x2", model_tgz, out, OutputConfig={"S3OutputLocation": out, "TargetDevice": "rasp9"}))
    expect_error("bad platform", "ValidationException", "Arch", create,
                 **job_request("x3", model_tgz, out, OutputConfig={"S3OutputLocation": out,
                                                                   "TargetPlatform": {"Os": "LINUX", "Arch": "SPARC"}}))
    expect_error("bad compiler option", "ValidationException", "nosuchkey", create,
                 **job_request("x4", model_tgz, out, OutputConfig={"S3OutputLocation": out, "TargetDevice": "ml_c5",
                                                                   "CompilerOptions": '{"nosuchkey": 1}'}))
    expect_error("s3 input", "ValidationException", "storage backend", create,
                 **job_request("x5", "s3://bucket/model.tar.gz", out))
    expect_error("FrameworkVersion for ONNX", "ValidationException", "FrameworkVersion", create,
                 **job_request("x6", model_tgz, out, InputConfig={"S3Uri": model_tgz, "Framework": "ONNX",
                                                                  "FrameworkVersion": "1.5", "DataInputConfig": '{"image": [1,1,8,8]}'}))
    expect_error("list form for ONNX", "ValidationException", "PYTORCH only", create,
                 **job_request("x7", model_tgz, out, InputConfig={"S3Uri": model_tgz, "Framework": "ONNX",
                                                                  "DataInputConfig": "[[1,1,8,8]]"}))
    expect_error("NHWC shape for ONNX", "ValidationException", "NCHW", create,
                 **job_request("x8", model_tgz, out, InputConfig={"S3Uri": model_tgz, "Framework": "ONNX",
                                                                  "DataInputConfig": '{"image": [1,224,224,3]}'}))
    expect_error("DataInputConfig for XGBoost", "ValidationException", "XGBOOST", create,
                 **job_request("x9", model_tgz, out, InputConfig={"S3Uri": model_tgz, "Framework": "XGBOOST",
                                                                  "DataInputConfig": '{"a": [1,4]}'}))
    expect_error("unknown framework", "ValidationException", "Framework", create,
                 **job_request("x10", model_tgz, out, InputConfig={"S3Uri": model_tgz, "Framework": "CAFFE",
                                                                   "DataInputConfig": '{"a": [1,4]}'}))
    expect_error("runtime 0", "ValidationException", "MaxRuntimeInSeconds", create,
                 **job_request("x11", model_tgz, out, StoppingCondition={"MaxRuntimeInSeconds": 0}))
    expect_error("repeated tag", "ValidationException", "repeated", create,
                 **job_request("x12", model_tgz, out, Tags=[{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]))
    expect_error("name taken", "ResourceInUse", "digits-1", create, **job_request("digits-1", model_tgz, out))
    expect_error("describe unknown", "ResourceNotFound", "nope", sm.describe_compilation_job, CompilationJobName="nope")
    expect_error("stop unknown", "ResourceNotFound", "nope", sm.stop_compilation_job, CompilationJobName="nope")
    expect_error("stop finished", "ValidationException", "already COMPLETED", sm.stop_compilation_job,
                 CompilationJobName="digits-1")
    expect_error("bad status filter", "ValidationException", "StatusEquals", sm.list_compilation_jobs,
                 StatusEquals="DONE")
    try:
        sm.describe_compilation_job(CompilationJobName="nope")
    except sm.exceptions.ResourceNotFound:
        check(True, "the SDK's modeled ResourceNotFound exception is raised")

    # 3. authentication: unsigned, unknown key, wrong secret.
    expect_error("unsigned", "MissingAuthenticationTokenException", "not signed",
                 client(server.url, signed=False).list_compilation_jobs)
    expect_error("unknown key", "UnrecognizedClientException", "AKIDUNKNOWN",
                 client(server.url, key="AKIDUNKNOWN").list_compilation_jobs)
    expect_error("wrong secret", "InvalidSignatureException", "does not match",
                 client(server.url, secret="wrong").list_compilation_jobs)
    # A request announcing a 2 MiB body is answered 413 from its header alone.
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\n"
                     b"Content-Length: 2097152\r\n\r\n")
        resp = http.client.HTTPResponse(sock)
        resp.begin()
    check(resp.status == 413 and b"limit" in resp.read(), "a 2 MiB request is refused with 413")

    # 4. a job that fails: no frontend for the framework.
    sm.create_compilation_job(**job_request("keras-1", model_tgz, out, InputConfig={
        "S3Uri": model_tgz, "Framework": "KERAS", "DataInputConfig": '{"input_1": [1,3,8,8]}'}))
    d = wait_status(sm, "keras-1", {"COMPLETED", "FAILED"})
    check(d["CompilationJobStatus"] == "FAILED" and d["FailureReason"].startswith("ClientError: InputConfiguration:")
          and "KERAS" in d["FailureReason"], "a KERAS model FAILS naming the framework: " + d["FailureReason"][:160])

    # 5. stop a running job -> STOPPED; MaxRuntimeInSeconds -> FAILED.
    sm.create_compilation_job(**job_request("slow-stop", fifo, out))
    wait_status(sm, "slow-stop", {"INPROGRESS"}, timeout=30)
    check(sm.stop_compilation_job(CompilationJobName="slow-stop")["ResponseMetadata"]["HTTPStatusCode"] == 200,
          "stop accepted")
    d = wait_status(sm, "slow-stop", {"STOPPED", "FAILED", "COMPLETED"}, timeout=30)
    check(d["CompilationJobStatus"] == "STOPPED", "a stopped job ends STOPPED")
    sm.create_compilation_job(**job_request("slow-limit", fifo, out, StoppingCondition={"MaxRuntimeInSeconds": 1}))
    d = wait_status(sm, "slow-limit", {"STOPPED", "FAILED", "COMPLETED"}, timeout=30)
    check(d["CompilationJobStatus"] == "FAILED" and "MaxRuntimeInSeconds" in d["FailureReason"],
          "a job past MaxRuntimeInSeconds FAILS: " + d.get("FailureReason", "")[:120])

    # 6. list with filters, sorting and paging.
    for i in range(2, 6):
        sm.create_compilation_job(**job_request(f"digits-{i}", model_tgz, out))
    for i in range(2, 6):
        wait_status(sm, f"digits-{i}", {"COMPLETED", "FAILED"})
    names = []
    token = None
    while True:
        kw = dict(NameContains="digits", SortBy="Name", SortOrder="Ascending", MaxResults=2)
        if token:
            kw["NextToken"] = token
        page = sm.list_compilation_jobs(**kw)
        check(len(page["CompilationJobSummaries"]) <= 2, "a page holds at most MaxResults jobs")
        names += [s["CompilationJobName"] for s in page["CompilationJobSummaries"]]
        token = page.get("NextToken")
        if not token:
            break
    check(names == [f"digits-{i}" for i in range(1, 6)], f"paging by name ascending gives every job once: {names}")
    pag = sm.get_paginator("list_compilation_jobs").paginate(SortBy="CreationTime", SortOrder="Descending",
                                                             PaginationConfig={"PageSize": 3})
    all_jobs = [s for p in pag for s in p["CompilationJobSummaries"]]
    times = [s["CreationTime"] for s in all_jobs]
    check(len(all_jobs) == 8 and times == sorted(times, reverse=True), "the SDK paginator lists all 8 jobs, newest first")
    failed = sm.list_compilation_jobs(StatusEquals="FAILED")["CompilationJobSummaries"]
    check(sorted(s["CompilationJobName"] for s in failed) == ["keras-1", "slow-limit"], "StatusEquals=FAILED")
    check(all(s["CompilationTargetDevice"] == "ml_c5" for s in all_jobs), "summaries carry the target device")
    cut = sm.describe_compilation_job(CompilationJobName="digits-3")["CreationTime"]
    after = sm.list_compilation_jobs(CreationTimeAfter=cut, NameContains="digits")["CompilationJobSummaries"]
    check(sorted(s["CompilationJobName"] for s in after) == ["digits-4", "digits-5"], "CreationTimeAfter")
    expect_error("token of another query", "ValidationException", "NextToken", sm.list_compilation_jobs,
                 NextToken=page_token_of(sm), SortBy="Status")

    # 7. the command line sees the same jobs (same NEO_HOME).
    cli = subprocess.run([NEO, "describe-compilation-job", "--compilation-job-name", "digits-1"],
                         env=dict(os.environ, NEO_HOME=home), capture_output=True, text=True)
    check(cli.returncode == 0 and '"COMPLETED"' in cli.stdout, "the CLI describes a job the API created")

    # 8. kill the server while a job runs; after a restart it is FAILED with a reason, nothing else lost.
    sm.create_compilation_job(**job_request("crash", fifo, out))
    wait_status(sm, "crash", {"INPROGRESS"}, timeout=30)
    server.kill()
    server = Server(home, creds)
    sm = client(server.url)
    d = sm.describe_compilation_job(CompilationJobName="crash")
    check(d["CompilationJobStatus"] == "FAILED" and "supervisor ended" in d["FailureReason"],
          "after a restart the interrupted job is FAILED: " + d.get("FailureReason", "")[:120])
    d = sm.describe_compilation_job(CompilationJobName="digits-1")
    check(d["CompilationJobStatus"] == "COMPLETED" and os.path.isfile(d["ModelArtifacts"]["S3ModelArtifacts"][7:]),
          "a finished job and its artifact survive the restart")
    total = sum(len(p["CompilationJobSummaries"]) for p in sm.get_paginator("list_compilation_jobs").paginate())
    check(total == 9, f"all 9 jobs are still listed ({total})")
    sm.create_compilation_job(**job_request("after-restart", model_tgz, out))
    d = wait_status(sm, "after-restart", {"COMPLETED", "FAILED"})
    check(d["CompilationJobStatus"] == "COMPLETED", "the restarted server runs new jobs")
    server.kill()

    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


def page_token_of(sm):
    return sm.list_compilation_jobs(MaxResults=1)["NextToken"]


if __name__ == "__main__":
    sys.exit(main())
